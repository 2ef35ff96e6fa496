//! Feature hashing and word normalisation shared by the tagger and the parser.

/// FNV-1a over bytes, finished with a multiply-xorshift.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(h)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Combines a template id with one value.
#[inline]
pub fn f1(t: u64, a: u64) -> u64 {
    finish(t.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ a)
}

/// Combines a template id with two values.
#[inline]
pub fn f2(t: u64, a: u64, b: u64) -> u64 {
    finish(f1(t, a).wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ b)
}

/// Combines a template id with three values.
#[inline]
pub fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(f2(t, a, b).wrapping_mul(0x1656_67B1_9E37_79F9) ^ c)
}

/// The normalised form used as a feature: lower case; digits and years collapsed.
pub fn normalize(form: &str) -> String {
    let has_digit = form.bytes().any(|b| b.is_ascii_digit());
    if has_digit {
        let all_digits = form.bytes().all(|b| b.is_ascii_digit());
        if all_digits && form.len() == 4 {
            return "!YEAR".into();
        }
        if form
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'/' | b':'))
        {
            return "!DIGITS".into();
        }
    }
    if form.contains("://") || form.starts_with("www.") {
        return "!URL".into();
    }
    if form.contains('@') && form.contains('.') {
        return "!EMAIL".into();
    }
    let mut s = form.to_lowercase();
    // Typographic variants share features: ’ → ', “ ” → ".
    if s.contains(['’', '‘', '“', '”']) {
        s = s.replace(['’', '‘'], "'").replace(['“', '”'], "\"");
    }
    s
}

/// A coarse word shape: X for upper, x for lower, d for digit, others kept; runs of
/// the same class collapsed ("Japan" → "Xx", "U.S." → "X.X.", "35" → "d").
pub fn shape(form: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for c in form.chars().take(12) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
    out
}

/// The last `n` characters of `s`.
pub fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ => s,
    }
}

/// The first `n` characters of `s`.
pub fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_normalize_shape_affixes() {
        assert_eq!(normalize("Japan’s"), "japan's");
        assert_eq!(normalize("2019"), "!YEAR");
        assert_eq!(normalize("50,000"), "!DIGITS");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("Japan"), "Xx");
        assert_eq!(suffix("treaty", 3), "aty");
        assert_eq!(suffix("é", 3), "é");
        assert_eq!(prefix("Über", 1), "Ü");
        assert_ne!(f1(1, 2), f1(2, 1));
    }
}
