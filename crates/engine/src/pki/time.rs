//! Certificate times (RFC 5280 §4.1.2.5) to unix seconds and back to RFC 3339, by the
//! proleptic Gregorian calendar in UTC (no leap seconds, as X.509 and unix time both count).

use super::tlv;

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// A UTCTime or GeneralizedTime value (tag and contents octets) as unix seconds.
///
/// RFC 5280 §4.1.2.5.1-2 leaves one form each: `YYMMDDHHMMSSZ` (YY ≥ 50 is 19YY, else 20YY)
/// and `YYYYMMDDHHMMSSZ`: seconds present, no fractions, always Zulu.
pub fn decode(tag: u8, contents: &[u8]) -> Result<u64, String> {
    let (year, rest) = match (tag, contents.len()) {
        (tlv::UTC_TIME, 13) => {
            let yy = u32::from(two_digits(contents, 0)?);
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &contents[2..])
        }
        (tlv::GENERALIZED_TIME, 15) => {
            let century = u32::from(two_digits(contents, 0)?);
            let yy = u32::from(two_digits(contents, 2)?);
            (century * 100 + yy, &contents[4..])
        }
        (tlv::UTC_TIME, n) => {
            return Err(format!("UTCTime of {n} characters, not YYMMDDHHMMSSZ"));
        }
        (tlv::GENERALIZED_TIME, n) => {
            return Err(format!(
                "GeneralizedTime of {n} characters, not YYYYMMDDHHMMSSZ"
            ));
        }
        (other, _) => return Err(format!("tag 0x{other:02x} is not a time")),
    };
    // rest: MMDDHHMMSSZ
    let month = two_digits(rest, 0)?;
    let day = two_digits(rest, 2)?;
    let hour = two_digits(rest, 4)?;
    let minute = two_digits(rest, 6)?;
    let second = two_digits(rest, 8)?;
    if rest.get(10) != Some(&b'Z') {
        return Err("time does not end in Z (RFC 5280 §4.1.2.5)".into());
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(format!("no such date: {year:04}-{month:02}-{day:02}"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!("no such time: {hour:02}:{minute:02}:{second:02}"));
    }
    if year < 1970 {
        return Err(format!("year {year} lies before unix time begins (1970)"));
    }
    let days = u64::try_from(days_from_civil(i64::from(year), month, day))
        .map_err(|_| format!("year {year} lies before 1970"))?;
    Ok(
        days * SECONDS_PER_DAY
            + u64::from(hour) * 3600
            + u64::from(minute) * 60
            + u64::from(second),
    )
}

/// RFC 3339 in UTC: `2026-06-01T00:00:00Z`.
pub fn rfc3339(unix: u64) -> String {
    let days = unix / SECONDS_PER_DAY;
    let secs = unix % SECONDS_PER_DAY;
    let (year, month, day) = i64::try_from(days).map_or((i64::MAX, 0, 0), civil_from_days);
    // Four-digit years only, as both time types have.
    if year > 9999 {
        return format!("unix time {unix}");
    }
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Two ASCII digits at `at` as a number.
fn two_digits(s: &[u8], at: usize) -> Result<u8, String> {
    match s.get(at..at + 2) {
        Some(&[a, b]) if a.is_ascii_digit() && b.is_ascii_digit() => {
            Ok((a - b'0') * 10 + (b - b'0'))
        }
        _ => Err(format!(
            "time has a non-digit in \"{}\"",
            String::from_utf8_lossy(s)
        )),
    }
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`: years
/// counted from March, so the leap day ends a year; eras of 400 years = 146,097 days).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both lie in range by construction: month 1..=12, day 1..=31.
    (year, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Result<u64, String> {
        decode(tlv::UTC_TIME, s.as_bytes())
    }

    fn generalized(s: &str) -> Result<u64, String> {
        decode(tlv::GENERALIZED_TIME, s.as_bytes())
    }

    #[test]
    fn decodes_both_forms() {
        assert_eq!(utc("260601000000Z"), Ok(1_780_272_000));
        assert_eq!(generalized("20260601000000Z"), Ok(1_780_272_000));
        assert_eq!(utc("700101000000Z"), Ok(0));
        assert_eq!(utc("991231235959Z"), Ok(946_684_799));
        // RFC 5280 §4.1.2.5.1: YY < 50 is 20YY.
        assert_eq!(utc("491231235959Z"), Ok(2_524_607_999));
        assert_eq!(generalized("20500101000000Z"), Ok(2_524_608_000));
        // Leap days: 2000 is a leap year (divisible by 400), 2100 is not.
        assert_eq!(utc("000229120000Z"), Ok(951_825_600));
        assert!(generalized("21000229000000Z").is_err());
        assert_eq!(generalized("99991231235959Z"), Ok(253_402_300_799));
    }

    #[test]
    fn rejects_what_rfc_5280_forbids() {
        for bad in [
            "2606010000Z",    // no seconds
            "260601000000",   // no Z
            "2606010000000Z", // too long
            "260601000000+0100",
            "261301000000Z", // month 13
            "260631000000Z", // 31 June
            "260229000000Z", // 2026 is no leap year
            "260601240000Z",
            "260601006000Z",
            "260601000060Z",
            "26060100000aZ",
            "2606-1000000Z",
            "690101000000Z", // 1969: before unix time
        ] {
            assert!(utc(bad).is_err(), "{bad}");
        }
        assert!(generalized("20260601000000.5Z").is_err());
        assert!(generalized("260601000000Z").is_err());
        assert!(generalized("19691231235959Z").is_err());
        assert!(decode(tlv::OCTET_STRING, b"260601000000Z").is_err());
    }

    #[test]
    fn formats_rfc_3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_780_272_000), "2026-06-01T00:00:00Z");
        assert_eq!(rfc3339(951_825_600), "2000-02-29T12:00:00Z");
        assert_eq!(rfc3339(1_767_225_599), "2025-12-31T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_800), "unix time 253402300800");
        assert_eq!(rfc3339(u64::MAX), format!("unix time {}", u64::MAX));
    }

    #[test]
    fn days_round_trip() {
        for days in (0..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
