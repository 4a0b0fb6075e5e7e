package io.silgeom.ingest.collect;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} and {@code {name:particle}} placeholders ({@link KoreanParticles}) and remembers which
 * names it used, so the generator knows which keywords an article really mentions.
 */
final class TemplateFiller {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)(?::([가-힣]+))?}");

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    TemplateFiller(Map<String, String> values) {
        this.values = values;
    }

    String fill(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("no value for {" + name + "} in template: " + template);
            }
            used.add(name);
            String particle = m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(particle == null ? value : KoreanParticles.attach(value, particle)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholder names filled so far. */
    Set<String> used() {
        return used;
    }
}
