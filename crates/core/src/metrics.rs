//! The arithmetic every evaluation command shares: ratios, F1, and precision / recall /
//! F1 with their counts.

use serde::{Deserialize, Serialize};

/// `num / den`, or 0 when `den` is 0 (precision with no prediction, recall with no gold).
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// The harmonic mean of precision and recall, 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Precision, recall, F1 with the counts they come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// True positives (matched gold items where the two sides count differently).
    pub tp: usize,
    /// Predicted.
    pub pred: usize,
    /// Gold.
    pub gold: usize,
}

impl Prf {
    /// From `tp` matches among `pred` predictions and `gold` gold items.
    pub fn new(tp: usize, pred: usize, gold: usize) -> Prf {
        Prf::split(tp, tp, pred, gold)
    }

    /// When matching is not one-to-one: `tp_pred` predictions matched some gold item,
    /// `tp_gold` gold items were matched by some prediction (`tp` reports the latter).
    pub fn split(tp_pred: usize, tp_gold: usize, pred: usize, gold: usize) -> Prf {
        let precision = ratio(tp_pred, pred);
        let recall = ratio(tp_gold, gold);
        Prf {
            precision,
            recall,
            f1: f1(precision, recall),
            tp: tp_gold,
            pred,
            gold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_ratio_and_f1_handle_empty_sides() {
        assert_eq!(ratio(3, 4), 0.75);
        assert_eq!(ratio(0, 0), 0.0);
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
        let p = Prf::new(2, 4, 8);
        assert_eq!((p.precision, p.recall, p.tp), (0.5, 0.25, 2));
        assert!((p.f1 - 1.0 / 3.0).abs() < 1e-12);
        let s = Prf::split(3, 2, 4, 4);
        assert_eq!((s.precision, s.recall, s.tp), (0.75, 0.5, 2));
    }
}
