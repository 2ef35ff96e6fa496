//! The `TimeTagger` stage (filled in below).

/// The time stage: fills `Doc.reference_date` and `Doc.timexes`.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeTagger;
