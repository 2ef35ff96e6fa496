//! Query parameters: declared per route ([`Param`]), validated in one place, so that
//! the OpenAPI document and the checks cannot drift apart.

use crate::error::ApiError;
use std::collections::HashMap;

/// The type of a parameter, with its bounds.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Free text (at most [`MAX_TEXT`] bytes).
    Text,
    /// An integer in `min..=max`, `default` when absent.
    Int {
        /// Smallest value.
        min: i64,
        /// Largest value (page sizes are capped here).
        max: i64,
        /// Value when absent.
        default: Option<i64>,
    },
    /// `true`/`false` (also `1`/`0`).
    Bool,
    /// A date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// One of a list of words; the first is the default.
    Choice(&'static [&'static str]),
}

/// A declared parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Name in the query string (or path).
    pub name: &'static str,
    /// Type and bounds.
    pub kind: Kind,
    /// What it does.
    pub doc: &'static str,
    /// Whether it must be given.
    pub required: bool,
}

/// Longest accepted text parameter, in bytes.
pub const MAX_TEXT: usize = 500;

const fn p(name: &'static str, kind: Kind, doc: &'static str) -> Param {
    Param {
        name,
        kind,
        doc,
        required: false,
    }
}

/// A text parameter.
pub const fn text(name: &'static str, doc: &'static str) -> Param {
    p(name, Kind::Text, doc)
}

/// A required text parameter.
pub const fn required_text(name: &'static str, doc: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Text,
        doc,
        required: true,
    }
}

/// An integer parameter.
pub const fn int(
    name: &'static str,
    min: i64,
    max: i64,
    default: Option<i64>,
    doc: &'static str,
) -> Param {
    p(name, Kind::Int { min, max, default }, doc)
}

/// A boolean parameter.
pub const fn flag(name: &'static str, doc: &'static str) -> Param {
    p(name, Kind::Bool, doc)
}

/// A date parameter.
pub const fn date(name: &'static str, doc: &'static str) -> Param {
    p(name, Kind::Date, doc)
}

/// A choice parameter.
pub const fn choice(
    name: &'static str,
    values: &'static [&'static str],
    doc: &'static str,
) -> Param {
    p(name, Kind::Choice(values), doc)
}

/// Validated parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    values: HashMap<&'static str, String>,
    ints: HashMap<&'static str, i64>,
}

impl Params {
    /// Parses and checks a raw query string against the declared parameters: unknown
    /// names, repeated names, over-long text, out-of-range numbers, bad dates and
    /// bad choices are 400 errors naming the parameter. Empty values count as absent.
    pub fn parse(spec: &[Param], raw: Option<&str>) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad_param("query", format!("malformed query string: {e}")))?;
        let mut out = Params::default();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in pairs {
            let Some(param) = spec.iter().find(|p| p.name == name) else {
                let known: Vec<&str> = spec.iter().map(|p| p.name).collect();
                let shown: String = name.chars().take(40).collect();
                return Err(ApiError::bad_param(
                    &shown,
                    if known.is_empty() {
                        format!("unknown parameter `{shown}`; this endpoint takes none")
                    } else {
                        format!(
                            "unknown parameter `{shown}`; this endpoint takes: {}",
                            known.join(", ")
                        )
                    },
                ));
            };
            if seen.contains(&param.name) {
                return Err(ApiError::bad_param(
                    param.name,
                    format!("parameter `{}` is given more than once", param.name),
                ));
            }
            seen.push(param.name);
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            out.check(param, value)?;
        }
        for param in spec {
            if let Kind::Int {
                default: Some(d), ..
            } = param.kind
            {
                out.ints.entry(param.name).or_insert(d);
            }
            if param.required && !out.values.contains_key(param.name) {
                return Err(ApiError::bad_param(
                    param.name,
                    format!("parameter `{}` is required: {}", param.name, param.doc),
                ));
            }
        }
        Ok(out)
    }

    fn check(&mut self, param: &Param, value: String) -> Result<(), ApiError> {
        let name = param.name;
        match param.kind {
            Kind::Text => {
                if value.len() > MAX_TEXT {
                    return Err(ApiError::bad_param(
                        name,
                        format!("`{name}` is longer than {MAX_TEXT} bytes"),
                    ));
                }
            }
            Kind::Int { min, max, .. } => {
                let n: i64 = value.parse().map_err(|_| {
                    ApiError::bad_param(
                        name,
                        format!("`{name}` must be an integer, not `{}`", clip(&value)),
                    )
                })?;
                if n < min || n > max {
                    return Err(ApiError::bad_param(
                        name,
                        format!("`{name}` must be between {min} and {max}, not {n}"),
                    ));
                }
                self.ints.insert(name, n);
            }
            Kind::Bool => {
                let b = match value.as_str() {
                    "true" | "1" | "yes" => "true",
                    "false" | "0" | "no" => "false",
                    _ => {
                        return Err(ApiError::bad_param(
                            name,
                            format!("`{name}` must be true or false, not `{}`", clip(&value)),
                        ))
                    }
                };
                self.values.insert(name, b.to_string());
                return Ok(());
            }
            Kind::Date => {
                dateline_store::query::check_date(name, &value)
                    .map_err(|e| ApiError::bad_param(name, e.to_string()))?;
            }
            Kind::Choice(values) => {
                if !values.contains(&value.as_str()) {
                    return Err(ApiError::bad_param(
                        name,
                        format!(
                            "`{name}` must be one of {}, not `{}`",
                            values.join(", "),
                            clip(&value)
                        ),
                    ));
                }
            }
        }
        self.values.insert(name, value);
        Ok(())
    }

    /// A text, date or choice value, when given.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// An owned text value, when given.
    pub fn string(&self, name: &str) -> Option<String> {
        self.str(name).map(str::to_string)
    }

    /// An integer value (or its default).
    pub fn int(&self, name: &str) -> Option<i64> {
        self.ints.get(name).copied()
    }

    /// A boolean value (false when absent).
    pub fn flag(&self, name: &str) -> bool {
        self.str(name) == Some("true")
    }

    /// A choice value, or the first (default) choice of `spec`.
    pub fn choice<'a>(&'a self, name: &str, values: &'a [&'a str]) -> &'a str {
        self.str(name).unwrap_or(values[0])
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}
