//! What the keystroke profiles share (`profile_keystroke`, `profile_editor`):
//! the shipped rule file, the Ash Lane case, and the n-th edit, one letter
//! changed in a rule's title.

pub struct Keystrokes {
    /// The shipped contextual-safeguarding rule file.
    pub src: String,
    /// The Ash Lane case, as JSON.
    pub form: String,
    /// Where the second letter of each rule's title is.
    titles: Vec<usize>,
}

impl Keystrokes {
    pub fn load() -> Self {
        let path = format!("{}/../rules/contextual-safeguarding.rules", env!("CARGO_MANIFEST_DIR"));
        let src = std::fs::read_to_string(path).expect("reads");
        let form = std::fs::read_to_string(format!("{}/../rules/cases/ash-lane-station.json", env!("CARGO_MANIFEST_DIR"))).expect("reads");
        let titles: Vec<usize> = src
            .match_indices("\nrule ")
            .filter_map(|(i, _)| src[i..].find('"').map(|q| i + q + 2))
            .filter(|&i| src.is_char_boundary(i) && src.is_char_boundary(i + 1))
            .collect();
        Keystrokes { src, form, titles }
    }

    /// The file after the n-th edit: a letter of every seventh rule's title
    /// (in turn) made `a` or `b`, so each edit differs from the one before.
    pub fn edit(&self, n: usize) -> String {
        let at = self.titles[n * 7 % self.titles.len()];
        format!("{}{}{}", &self.src[..at], ["a", "b"][n % 2], &self.src[at + 1..])
    }
}
