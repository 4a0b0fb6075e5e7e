package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LangCodeTest {
    @Test
    void languageTagsBecomeTheRecordsCodesAndNoLanguageIsNone() {
        assertThat(LangCode.primary("ko-KR")).hasValue("ko");
        assertThat(LangCode.primary("EN_us")).hasValue("en");
        assertThat(LangCode.primary("und")).isEmpty();
        assertThat(LangCode.primary("qme")).isEmpty();
        assertThat(LangCode.primary("<script>")).isEmpty();
        assertThat(LangCode.primary(null)).isEmpty();
    }
}
