package io.silgeom.ingest.collect.rss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void keepsTheTextAndDropsMarkupScriptsAndComments() {
        assertThat(HtmlText.toPlainText("<p>삼성전자<br/>반도체 &amp; 투자</p><script>alert('x')</script>"
                + "<!-- ad --><style>p{}</style>&#54620;&#xAD6D; &quot;ok&quot;&nbsp;&unknown;"))
                .isEqualTo("삼성전자 반도체 & 투자 한국 \"ok\" &unknown;");
    }

    @Test
    void aLessThanSignInTextIsNotATag() {
        assertThat(HtmlText.toPlainText("KOSPI < 2500, won > 1400")).isEqualTo("KOSPI < 2500, won > 1400");
    }
}
