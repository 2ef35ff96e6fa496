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
pub use dateline_text as text;
pub use dateline_time as time;

use dateline_core::{check_order, Doc, Layer, OrderError, Page, Stage, StageError};
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
                Box::new(dateline_entities::EntityTagger::new()),
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
        for stage in &self.stages {
            stage.process(&mut doc)?;
        }
        Ok(doc)
    }

    /// Fills sentences and tokens of a document built outside the pipeline (evaluation
    /// on gold text): the segmenting stages of this pipeline, or, while none is built
    /// in, the entity crate's plain fallback segmenter.
    pub fn segment(&self, doc: &mut Doc) {
        let mut ran = false;
        for stage in &self.stages {
            let a = stage.assigns();
            if a.contains(&Layer::Sentences) || a.contains(&Layer::Tokens) {
                if let Err(e) = stage.process(doc) {
                    doc.warn(stage.name(), e.to_string());
                }
                ran = true;
            }
        }
        if !ran {
            dateline_entities::simple::segment(doc);
        }
    }

    /// Runs every stage after extraction on a document built elsewhere (an evaluation
    /// sentence, a stored article).
    pub fn annotate(&self, doc: &mut Doc) -> Result<(), StageError> {
        for stage in &self.stages {
            stage.process(doc)?;
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
            stage.process(doc)?;
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
