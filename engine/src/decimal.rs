//! Numbers in words, written as Rust's `{}` writes an `f64`, from zmij's digits.
//!
//! The builds already carry zmij (the JSON writer's float formatter), and
//! Rust's `Display` for `f64` would add core's own float formatting (its
//! shortest and fixed-precision algorithms, about 15 KB of Wasm). [`Plain`]
//! writes exactly what `{}` writes: never an exponent (1e21 is
//! "1000000000000000000000", 1e-7 is "0.0000001"), "-0", "NaN", "inf".
//! The digits are the shortest that read back the same, as both give; where
//! two are as short and the float lies exactly halfway, zmij takes the even
//! digit and Rust the larger, so that one case is mended here.

use std::fmt;

/// An `f64` written as `format!("{}", x)` writes it.
pub struct Plain(pub f64);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        let x = x.abs();
        if x.is_infinite() {
            return f.write_str("inf");
        }
        if x == 0.0 {
            return f.write_str("0");
        }
        let (mut digits, mut n, mut exp) = shortest(x);
        if halfway_above(x, &digits[..n], exp - n as i32) {
            round_up(&mut digits, &mut n, &mut exp);
        }
        let d = std::str::from_utf8(&digits[..n]).map_err(|_| fmt::Error)?;
        // `exp` places the point: the value is 0.DIGITS x 10^exp.
        if exp <= 0 {
            f.write_str("0.")?;
            for _ in 0..-exp {
                f.write_str("0")?;
            }
            f.write_str(d)
        } else if (exp as usize) < n {
            f.write_str(&d[..exp as usize])?;
            f.write_str(".")?;
            f.write_str(&d[exp as usize..])
        } else {
            f.write_str(d)?;
            for _ in n..exp as usize {
                f.write_str("0")?;
            }
            Ok(())
        }
    }
}

/// zmij's shortest digits of a positive finite `x`, without leading or
/// trailing zeros, and the exponent that makes them 0.DIGITS x 10^exp.
fn shortest(x: f64) -> ([u8; 20], usize, i32) {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x).as_bytes();
    let (mut digits, mut n, mut point, mut seen_point) = ([0u8; 20], 0usize, 0i32, false);
    let mut i = 0;
    while i < text.len() && text[i] != b'e' {
        match text[i] {
            b'.' => seen_point = true,
            b'0' if n == 0 => {
                // A leading zero: after the point it moves the digits right.
                if seen_point {
                    point -= 1;
                }
            }
            c => {
                if n < digits.len() {
                    digits[n] = c;
                    n += 1;
                }
                if !seen_point {
                    point += 1;
                }
            }
        }
        i += 1;
    }
    // The exponent after 'e', with its sign.
    let (mut e, mut negative) = (0i32, false);
    for &c in text.get(i + 1..).unwrap_or(&[]) {
        match c {
            b'-' => negative = true,
            b'0'..=b'9' => e = e * 10 + i32::from(c - b'0'),
            _ => {}
        }
    }
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    (digits, n, point + if negative { -e } else { e })
}

/// Whether `x` is exactly DIGITS and a half, times 10^k: the one case where
/// Rust rounds the last digit up and zmij keeps it even.
fn halfway_above(x: f64, digits: &[u8], k: i32) -> bool {
    // x = m * 2^q with m odd.
    let bits = x.to_bits();
    let (fraction, biased) = (bits & ((1 << 52) - 1), ((bits >> 52) & 0x7ff) as i32);
    let (mut m, mut q) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    q += m.trailing_zeros() as i32;
    m >>= m.trailing_zeros();
    // (2 * DIGITS + 1) * 10^k / 2, as an odd number times a power of two.
    let Some(mut odd) = digits.iter().try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))) else {
        return false;
    };
    odd = match odd.checked_mul(2).and_then(|v| v.checked_add(1)) {
        Some(v) => v,
        None => return false,
    };
    if k >= 0 {
        for _ in 0..k {
            match odd.checked_mul(5) {
                Some(v) => odd = v,
                None => return false,
            }
        }
        odd == m && q == k - 1
    } else {
        for _ in 0..-k {
            if odd % 5 != 0 {
                return false;
            }
            odd /= 5;
        }
        odd == m && q == k - 1
    }
}

/// Adds one to the last digit, carrying, and drops the trailing zeros.
fn round_up(digits: &mut [u8; 20], n: &mut usize, exp: &mut i32) {
    let mut i = *n;
    while i > 0 && digits[i - 1] == b'9' {
        i -= 1;
    }
    if i == 0 {
        digits[0] = b'1';
        *n = 1;
        *exp += 1;
        return;
    }
    digits[i - 1] += 1;
    *n = i;
}

#[cfg(test)]
mod tests {
    use super::Plain;

    fn same(x: f64) {
        assert_eq!(Plain(x).to_string(), format!("{x}"), "{:?} (bits {:#x})", x, x.to_bits());
    }

    #[test]
    fn writes_what_display_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            2.5,
            12.75,
            100.0,
            1e15,
            1e16,
            1e21,
            1e22,
            1e23,
            1e-5,
            1e-7,
            123456789012345680.0,
            -1714179213414232.2,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same(x);
        }
    }

    #[test]
    fn writes_what_display_writes_on_random_floats() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            state
        };
        for _ in 0..300_000 {
            // Every bit pattern, so every exponent and subnormals.
            same(f64::from_bits(next()));
            // Numbers as forms and rules give them: whole, and tenths to thousandths.
            let r = next();
            same((r >> 40) as f64 / [1.0, 10.0, 100.0, 1000.0][(r & 3) as usize]);
            // Few bits at a large size: the float lies exactly halfway between
            // two shortest candidates often (quarters near 2^50, eighths near
            // 2^49, halves near 2^51, and the same scaled by powers of two).
            let base = (1u64 << 49) + (next() >> 15);
            let scale = 2f64.powi((next() % 40) as i32 - 20);
            same((base as f64 + [0.25, 0.5, 0.75, 0.125, 0.375][(r % 5) as usize]) * scale);
            same(-(base as f64) / 8.0 * scale);
        }
    }

    #[test]
    fn writes_what_display_writes_at_every_halfway_point_it_meets() {
        // Every float from 2^50 up by quarters for a stretch: ties at the 17th digit.
        let mut ties = 0;
        let mut x = 2f64.powi(50);
        for _ in 0..200_000 {
            let rust = format!("{x}");
            if zmij::Buffer::new().format_finite(x).trim_end_matches(".0") != rust {
                ties += 1;
            }
            same(x);
            x = f64::from_bits(x.to_bits() + 1);
        }
        // The stretch does hold floats where zmij alone would differ.
        assert!(ties > 0);
    }
}
