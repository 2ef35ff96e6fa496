//! dateline's extract stage: a [`Page`] becomes an [`Article`].
//!
//! [`AutoExtractor`] picks the extractor from what ingest recognised: HTML pages and
//! WARC responses go to [`HtmlExtractor`], plain text and WET records to
//! [`TextExtractor`].
//!
//! ```
//! use dateline_core::{Extractor, InputFormat};
//! use dateline_extract::AutoExtractor;
//! let page = dateline_ingest::page_from_bytes(
//!     "story.txt",
//!     InputFormat::Text,
//!     b"Storm hits coast\n\nThe storm came ashore at dawn.\n\nPlease enter your comment!\n".to_vec(),
//! );
//! let article = AutoExtractor::default().extract(&page).unwrap();
//! assert_eq!(article.title.unwrap().value, "Storm hits coast");
//! assert_eq!(article.text, "The storm came ashore at dawn.");
//! assert_eq!(article.removed.len(), 1);
//! ```

pub mod charset;
pub mod eval;
pub mod html;
pub mod lexicon;
mod text;

pub use html::{
    CascadeFinder, Confidence, ContentFinder, FastFinder, Focus, HtmlExtractor, Needs,
    TrafilaturaFinder,
};
pub use text::TextExtractor;

use dateline_core::{Article, Extractor, InputFormat, Page, StageError};

/// An article plus warnings about the input (lossy decoding and the like).
#[derive(Clone, Debug)]
pub struct Extracted {
    /// The article.
    pub article: Article,
    /// Warnings, each naming what was wrong in the input.
    pub warnings: Vec<String>,
}

/// Chooses the extractor by input format.
#[derive(Clone, Debug, Default)]
pub struct AutoExtractor {
    /// For plain text and WET.
    pub text: TextExtractor,
    /// For HTML and WARC responses.
    pub html: HtmlExtractor,
}

impl AutoExtractor {
    /// Extracts with warnings.
    pub fn extract_with_warnings(&self, page: &Page) -> Result<Extracted, StageError> {
        let out = match page.source.format {
            InputFormat::Html | InputFormat::Warc => self.html.extract(page),
            InputFormat::Text | InputFormat::Wet => self.text.extract(page),
        };
        if out.article.text.trim().is_empty() {
            return Err(StageError::new(
                "extract",
                "no article text found (the page holds only a title, residue or markup)",
            ));
        }
        Ok(out)
    }
}

impl Extractor for AutoExtractor {
    fn extract(&self, page: &Page) -> Result<Article, StageError> {
        self.extract_with_warnings(page).map(|e| e.article)
    }
}

/// Language of a text as an ISO 639-1 code (`en`, `de`), detected with `whatlang`;
/// `None` when the text is too short or the guess is unreliable.
pub fn detect_language(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < 5 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso639_1(info.lang().code())
}

/// Maps an ISO 639-3 code (as `whatlang` gives) to ISO 639-1.
fn iso639_1(code: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("eng", "en"),
        ("deu", "de"),
        ("fra", "fr"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("nld", "nl"),
        ("rus", "ru"),
        ("ukr", "uk"),
        ("pol", "pl"),
        ("ces", "cs"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("bul", "bg"),
        ("mkd", "mk"),
        ("bel", "be"),
        ("ron", "ro"),
        ("hun", "hu"),
        ("fin", "fi"),
        ("est", "et"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("swe", "sv"),
        ("dan", "da"),
        ("nob", "nb"),
        ("ell", "el"),
        ("tur", "tr"),
        ("ara", "ar"),
        ("heb", "he"),
        ("yid", "yi"),
        ("pes", "fa"),
        ("urd", "ur"),
        ("hin", "hi"),
        ("ben", "bn"),
        ("mar", "mr"),
        ("guj", "gu"),
        ("pan", "pa"),
        ("tam", "ta"),
        ("tel", "te"),
        ("kan", "kn"),
        ("mal", "ml"),
        ("ori", "or"),
        ("nep", "ne"),
        ("sin", "si"),
        ("cmn", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("vie", "vi"),
        ("tha", "th"),
        ("khm", "km"),
        ("mya", "my"),
        ("ind", "id"),
        ("jav", "jv"),
        ("tgl", "tl"),
        ("kat", "ka"),
        ("hye", "hy"),
        ("aze", "az"),
        ("uzb", "uz"),
        ("tuk", "tk"),
        ("amh", "am"),
        ("aka", "ak"),
        ("zul", "zu"),
        ("sna", "sn"),
        ("afr", "af"),
        ("lat", "la"),
        ("cat", "ca"),
        ("epo", "eo"),
    ];
    MAP.iter().find(|(k, _)| *k == code).map(|(_, v)| *v)
}
