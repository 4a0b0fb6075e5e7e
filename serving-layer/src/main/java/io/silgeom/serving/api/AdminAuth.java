package io.silgeom.serving.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/** Checks {@code Authorization: Bearer <serving.admin.token>}. */
final class AdminAuth {
    enum Verdict { ALLOWED, DISABLED, MISSING, WRONG }

    private final byte[] token;

    AdminAuth(String token) {
        this.token = token == null ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    Verdict check(String authorizationHeader) {
        if (token.length == 0) {
            return Verdict.DISABLED;
        }
        if (authorizationHeader == null || !authorizationHeader.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return Verdict.MISSING;
        }
        byte[] given = authorizationHeader.substring("bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison: the answer time must not tell how much of a guessed token was right.
        return MessageDigest.isEqual(token, given) ? Verdict.ALLOWED : Verdict.WRONG;
    }
}
