package io.silgeom.core.text.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;

/** The model in core's resources loads and does not flag plain news sentences. */
class ShippedModelTest {
    @Test
    void plainNewsSentencesAreClean() {
        ContentClassifier model = ContentClassifier.shipped();

        assertThat(model.judge("The central bank kept interest rates unchanged on Thursday.").label())
                .isEqualTo(Label.CLEAN);
        assertThat(model.judge("서울 지역에 내일 오전부터 비가 내릴 것으로 예상됩니다.").label()).isEqualTo(Label.CLEAN);
        Article article = new Article("a-1", Source.NEWS, "site", null, "en", Instant.parse("2024-05-01T01:00:00Z"),
                "New library opens downtown", "Residents welcomed the new public library and its reading rooms.", null);
        assertThat(model.judge(article).label()).isEqualTo(Label.CLEAN);
    }

    @Test
    void isLoadedOnceAndShared() {
        assertThat(ContentClassifier.shipped()).isSameAs(ContentClassifier.shipped());
    }
}
