package io.silgeom.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminAuthTest {
    @Test
    void onlyTheConfiguredBearerTokenIsAllowed() {
        AdminAuth auth = new AdminAuth("s3cret");
        assertThat(auth.check("Bearer s3cret")).isEqualTo(AdminAuth.Verdict.ALLOWED);
        assertThat(auth.check("bearer s3cret ")).isEqualTo(AdminAuth.Verdict.ALLOWED);
        assertThat(auth.check(null)).isEqualTo(AdminAuth.Verdict.MISSING);
        assertThat(auth.check("Basic czNjcmV0")).isEqualTo(AdminAuth.Verdict.MISSING);
        assertThat(auth.check("Bearer s3cre")).isEqualTo(AdminAuth.Verdict.WRONG);
    }

    @Test
    void anEmptyTokenDisablesAdminEvenForAnEmptyBearer() {
        assertThat(new AdminAuth("").check("Bearer ")).isEqualTo(AdminAuth.Verdict.DISABLED);
        assertThat(new AdminAuth(" ").check(null)).isEqualTo(AdminAuth.Verdict.DISABLED);
    }
}
