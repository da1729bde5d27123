//! Body text → normalized form for hashing (being written).

/// The normalized form of a body text: what content hashes are taken of.
pub fn normalize(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect()
}
