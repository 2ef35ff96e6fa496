//! dateline: news in, event data out.
//!
//! This crate assembles the stages into one [`Pipeline`]: a [`Page`] is extracted into
//! an [`Article`](dateline_core::Article), then each annotation and coding stage adds
//! its layer to the [`Doc`]. The pipeline checks once, when built, that every stage's
//! needs are met by the stages before it. It holds no corpus state: one instance can
//! serve many threads.
//!
//! ```
//! use dateline::{Pipeline, Options};
//! let pipeline = Pipeline::new().unwrap();
//! let doc = pipeline
//!     .analyze_bytes("story.txt", b"Storm hits coast\n\nThe storm came ashore at dawn.\n", &Options::default())
//!     .unwrap();
//! assert_eq!(doc.article.title.unwrap().value, "Storm hits coast");
//! assert_eq!(doc.schema_version, dateline_core::SCHEMA_VERSION);
//! assert_eq!(doc.sentences.len(), 1);
//! assert_eq!(doc.tokens.len(), 7);
//! ```

pub use dateline_core as core;
pub use dateline_entities as entities;
pub use dateline_extract as extract;
pub use dateline_ingest as ingest;
pub use dateline_quotes as quotes;
pub use dateline_text as text;
pub use dateline_time as time;

use dateline_core::{check_order, Doc, OrderError, Page, Stage, StageError};
use dateline_extract::AutoExtractor;
use dateline_ingest::{page_from_bytes, sniff, Sniffed};

/// Per-call options that override what detection finds.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The page URL.
    pub url: Option<String>,
    /// The publication date (ISO 8601), overriding detection.
    pub published: Option<String>,
    /// The site name, overriding detection.
    pub site: Option<String>,
}

impl Options {
    /// Applies the overrides to a page. The URL only fills a page that has none (a WARC
    /// record keeps its own `WARC-Target-URI`).
    pub fn apply(&self, page: &mut Page) {
        if page.url.is_none() && self.url.is_some() {
            page.url = self.url.clone();
        }
        if self.published.is_some() {
            page.published_override = self.published.clone();
        }
        if self.site.is_some() {
            page.site_override = self.site.clone();
        }
    }
}

/// Validates an ISO 8601 date (`2019-06-28`), civil date-time (`2019-06-28T10:30:00`) or
/// date-time with offset (`2019-06-28T10:30:00+09:00`, kept as given) and returns it
/// normalised; the error says what is wrong.
pub fn normalize_published(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.parse::<jiff::Timestamp>().is_ok() {
        return Ok(s.to_string());
    }
    if s.len() > 10 {
        if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
            return Ok(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Ok(d.to_string());
    }
    Err(format!(
        "`{s}` is not an ISO 8601 date or date-time (examples: 2019-06-28, 2019-06-28T10:30:00+09:00)"
    ))
}

/// Runs one stage, turning a panic into a [`StageError`] naming the stage.
fn run_stage(stage: &dyn Stage, doc: &mut Doc) -> Result<(), StageError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stage.process(doc))) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(StageError::new(
                stage.name(),
                format!("internal error (please report it with this input): {what}"),
            ))
        }
    }
}

/// The assembled pipeline: extractor plus annotation and coding stages.
pub struct Pipeline {
    extractor: AutoExtractor,
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// The default pipeline with every built stage, in order.
    pub fn new() -> Result<Pipeline, OrderError> {
        Pipeline::with_stages(
            AutoExtractor::default(),
            vec![
                Box::new(dateline_text::Segmenter::new()),
                Box::new(dateline_text::Tagger),
                Box::new(dateline_text::Parser),
                Box::new(dateline_time::TimeTagger::new()),
                Box::new(dateline_entities::EntityTagger::new()),
                Box::new(dateline_quotes::QuoteFinder::new()),
                Box::new(dateline_events::EventCoder::new()),
            ],
        )
    }

    /// A pipeline with the given stages; fails when they are misordered.
    pub fn with_stages(
        extractor: AutoExtractor,
        stages: Vec<Box<dyn Stage>>,
    ) -> Result<Pipeline, OrderError> {
        let refs: Vec<&dyn Stage> = stages.iter().map(|s| s.as_ref()).collect();
        check_order(&refs)?;
        Ok(Pipeline { extractor, stages })
    }

    /// Names of the stages after extraction, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Analyses one page: extract, then every stage.
    pub fn analyze(&self, page: &Page) -> Result<Doc, StageError> {
        let extracted = self.extractor.extract_with_warnings(page)?;
        let mut doc = Doc::new(extracted.article);
        for w in extracted.warnings {
            doc.warn("extract", w);
        }
        self.annotate(&mut doc)?;
        Ok(doc)
    }

    /// Runs the stages before entity tagging (segmentation, tags, parse) on a document
    /// built outside the pipeline (evaluation on gold text).
    pub fn segment(&self, doc: &mut Doc) -> Result<(), StageError> {
        for stage in &self.stages {
            if stage.assigns().contains(&dateline_core::Layer::Mentions) {
                break;
            }
            stage.process(doc)?;
        }
        Ok(())
    }

    /// Runs every stage after extraction on a document built elsewhere (an evaluation
    /// sentence, a stored article).
    ///
    /// A stage that panics on a document (a bug, never the input's fault) is turned into
    /// an error naming the stage, so that one bad page skips only itself in a batch.
    pub fn annotate(&self, doc: &mut Doc) -> Result<(), StageError> {
        for stage in &self.stages {
            run_stage(stage.as_ref(), doc)?;
        }
        Ok(())
    }

    /// Like [`Pipeline::annotate`], also giving the wall time each stage took.
    pub fn annotate_timed(
        &self,
        doc: &mut Doc,
    ) -> Result<Vec<(&'static str, std::time::Duration)>, StageError> {
        let mut out = Vec::with_capacity(self.stages.len());
        for stage in &self.stages {
            let t0 = std::time::Instant::now();
            run_stage(stage.as_ref(), doc)?;
            out.push((stage.name(), t0.elapsed()));
        }
        Ok(out)
    }

    /// Analyses bytes held in memory, recognising their format; `name` identifies them.
    pub fn analyze_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        opts: &Options,
    ) -> Result<Doc, StageError> {
        let format = match sniff(bytes) {
            Sniffed::Html => dateline_core::InputFormat::Html,
            Sniffed::Text => dateline_core::InputFormat::Text,
            Sniffed::Warc => {
                return Err(StageError::new(
                    "ingest",
                    format!(
                        "{name}: a WARC file holds many pages; read it with dateline_ingest::read"
                    ),
                ))
            }
            Sniffed::Binary => {
                return Err(StageError::new("ingest", format!("{name}: binary data")))
            }
        };
        let mut page = page_from_bytes(name, format, bytes.to_vec());
        opts.apply(&mut page);
        self.analyze(&page)
    }
}

#[cfg(test)]
mod panic_tests {
    use super::*;
    use dateline_core::Layer;

    struct Broken;
    impl Stage for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn requires(&self) -> &'static [Layer] {
            &[]
        }
        fn assigns(&self) -> &'static [Layer] {
            &[]
        }
        fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
            let _ = &doc.text()[..usize::MAX];
            Ok(())
        }
    }

    #[test]
    fn pipeline_stage_panic_becomes_an_error_naming_the_stage() {
        let p = Pipeline::with_stages(AutoExtractor::default(), vec![Box::new(Broken)]).unwrap();
        let err = p
            .analyze_bytes("t.txt", b"Title\n\nA body line.\n", &Options::default())
            .unwrap_err();
        assert_eq!(err.stage, "broken");
        assert!(err.message.contains("internal error"), "{err}");
        // The pipeline is still usable for the next document.
        let ok = Pipeline::new().unwrap();
        assert!(ok
            .analyze_bytes("u.txt", b"Title\n\nA body line.\n", &Options::default())
            .is_ok());
    }
}

#[cfg(test)]
mod event_tests {
    use super::*;

    fn events(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let p = Pipeline::new().unwrap();
        let opts = Options {
            published: Some("2015-06-09".into()),
            ..Options::default()
        };
        let doc = p
            .analyze_bytes("t.txt", format!("Title\n\n{text}\n").as_bytes(), &opts)
            .unwrap();
        doc.events
            .iter()
            .map(|e| {
                (
                    e.cameo.clone(),
                    e.source.code.clone(),
                    e.target.code.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn pipeline_codes_actors_from_tagged_text() {
        // a verb the tagger may take for a noun after a plural people name
        let ev = events("The Palestinians reject the Israeli plan.");
        assert!(
            ev.iter()
                .any(|e| e.0 == "120" && e.1.as_deref() == Some("PSE")),
            "{ev:?}"
        );
        // a country adjective and a group noun make one actor code
        let ev = events("A Tunisian court jailed a Nigerian student on Monday.");
        assert!(
            ev.iter().any(|e| e.0 == "173"
                && e.1.as_deref() == Some("TUNJUD")
                && e.2.as_deref() == Some("NGAEDU")),
            "{ev:?}"
        );
    }
}
