package io.silgeom.serving.merge;

/** The three kinds of count hash the merge reads. */
enum BucketKind {
    BATCH_HOUR(Provenance.BATCH), SPEED_HOUR(Provenance.SPEED), SPEED_MINUTE(Provenance.SPEED);

    private final Provenance provenance;

    BucketKind(Provenance provenance) {
        this.provenance = provenance;
    }

    Provenance provenance() {
        return provenance;
    }
}
