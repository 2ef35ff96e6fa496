//! Stage traits and the pipeline check: stages say what they need and what they give.

use crate::{Article, Doc, Layer, Page};
use std::fmt;

/// An error from a stage, naming the stage.
#[derive(Debug, thiserror::Error)]
#[error("{stage}: {message}")]
pub struct StageError {
    /// Stage name.
    pub stage: &'static str,
    /// What went wrong.
    pub message: String,
}

impl StageError {
    /// A new error.
    pub fn new(stage: &'static str, message: impl Into<String>) -> StageError {
        StageError {
            stage,
            message: message.into(),
        }
    }
}

/// Page → Article.
pub trait Extractor: Send + Sync {
    /// Extracts the article a page holds.
    fn extract(&self, page: &Page) -> Result<Article, StageError>;
}

/// A per-document annotation stage: reads some layers of a [`Doc`], adds others.
///
/// Stages hold no corpus state, so one instance serves many threads.
pub trait Stage: Send + Sync {
    /// Short name, used in errors and diagnostics.
    fn name(&self) -> &'static str;
    /// Layers that must be present before it runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers it adds.
    fn assigns(&self) -> &'static [Layer];
    /// Annotates the document. A stage only adds records; it never edits another
    /// stage's layer.
    fn process(&self, doc: &mut Doc) -> Result<(), StageError>;
}

/// A misordered pipeline.
#[derive(Debug, PartialEq, Eq)]
pub struct OrderError {
    /// The stage whose need is not met.
    pub stage: &'static str,
    /// The missing layer.
    pub missing: Layer,
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stage `{}` needs layer {:?}, which no earlier stage assigns",
            self.stage, self.missing
        )
    }
}

impl std::error::Error for OrderError {}

/// Checks, once, that every stage's needs are met by the stages before it.
pub fn check_order(stages: &[&dyn Stage]) -> Result<(), OrderError> {
    let mut have = vec![Layer::Article];
    for stage in stages {
        for need in stage.requires() {
            if !have.contains(need) {
                return Err(OrderError {
                    stage: stage.name(),
                    missing: *need,
                });
            }
        }
        have.extend_from_slice(stage.assigns());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct S(&'static str, &'static [Layer], &'static [Layer]);
    impl Stage for S {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn process(&self, _: &mut Doc) -> Result<(), StageError> {
            Ok(())
        }
    }

    #[test]
    fn stage_order_misordered_pipeline_is_an_error() {
        let seg = S(
            "segment",
            &[Layer::Article],
            &[Layer::Sentences, Layer::Tokens],
        );
        let ent = S("entities", &[Layer::Tokens], &[Layer::Entities]);
        assert!(check_order(&[&seg, &ent]).is_ok());
        let err = check_order(&[&ent, &seg]).unwrap_err();
        assert_eq!(err.stage, "entities");
        assert_eq!(err.missing, Layer::Tokens);
    }
}
