//! "Did you mean ...?" from fuzzy matching (Jaro-Winkler; Cedar uses Levenshtein
//! for the same job). The checker and the form reader both suggest names.

/// The closest candidate, when it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        // A name that contains the other ("age" for "child_age") is a good guess too.
        let score = if c.len() >= 3 && (c.contains(name) || name.contains(c)) { score.max(0.85) } else { score };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, candidates).map(|c| format!("Did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_typos() {
        assert_eq!(super::closest("date_of_brith", ["date_of_birth", "first_name"]), Some("date_of_birth"));
        assert_eq!(super::closest("zzz", ["date_of_birth", "first_name"]), None);
    }
}
