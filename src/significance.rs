//! Whether a measure's change between two runs is real or within the noise of its samples.
//!
//! A rule that measures on a sample (survey answers, reviews of a window, mentions) states the sample with its
//! finding ([`Sample`]); the comparison of two runs tests the change with the test that fits the measure and the
//! sample sizes, two-sided at [`ALPHA`]:
//!
//! | sample | measures | test |
//! |---|---|---|
//! | `share`: k of n | reply rate, share answered in time, share negative, CSAT, repeated replies | two-proportion z-test (pooled variance); Fisher's exact test when an expected cell count is below [`MIN_EXPECTED`] |
//! | `nps`: promoters and detractors of n | NPS | z-test on the difference of two NPS, each with variance (p + d − (p − d)²) / n (the Wald interval of NPS) |
//! | `mean`: mean and standard deviation of n | CES, the average rating | Welch's t-test |
//! | `count`: events in a window of days | reviews and mentions per month, unanswered negative reviews | exact conditional test of two Poisson rates (the later count given the sum is binomial) |
//! | `timing`: a response time | the site's speed | no sample is kept: a change under [`TIMING_NOISE`] of the earlier value is noise |
//!
//! A measure without a sample (a crawl of the whole site, an auditor's score, a figure the client gave) is a
//! census: any change of it is real.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Binomial, ContinuousCDF, Discrete, Hypergeometric, Normal, StudentsT};

/// The significance level: a change is real when its two-sided p-value is below this.
pub(crate) const ALPHA: f64 = 0.05;
/// A two-proportion test is Fisher's exact test when any expected cell count is below this (the usual rule
/// for the normal approximation).
pub(crate) const MIN_EXPECTED: f64 = 5.0;
/// A response time that moved by less than this share of the earlier one is noise (one crawl's median
/// response time moves by that much on an unchanged site between runs).
pub(crate) const TIMING_NOISE: f64 = 0.25;
/// Relative tolerance when the exact tests sum the outcomes as likely as the observed one or less.
const PMF_TOLERANCE: f64 = 1e-7;

/// The sample a measure was taken on; part of a touchpoint in result.json as `sample`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Sample {
    /// `k` of `n` (a share).
    Share { n: usize, k: usize },
    /// Net Promoter Score of `n` answers.
    Nps { n: usize, promoters: usize, detractors: usize },
    /// The mean of `n` values with their (sample) standard deviation.
    Mean { n: usize, mean: f64, sd: f64 },
    /// Events counted in a window of `days`.
    Count { count: usize, days: u32 },
    /// A response time, without its sample.
    Timing,
}

impl Sample {
    /// The sample size, where one applies.
    pub fn size(&self) -> Option<usize> {
        match *self {
            Sample::Share { n, .. } | Sample::Nps { n, .. } | Sample::Mean { n, .. } => Some(n),
            Sample::Count { count, .. } => Some(count),
            Sample::Timing => None,
        }
    }
}

/// The outcome of testing a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tested {
    /// The test's name as result.json gives it (`two_proportion_z`, `fisher_exact`, `nps_z`, `welch_t`,
    /// `poisson_exact`, `timing_share`, `census`).
    pub test: &'static str,
    /// Two-sided p-value, where the test gives one.
    pub p_value: Option<f64>,
    /// The change is real (not within noise).
    pub real: bool,
}

impl Tested {
    fn p(test: &'static str, p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        Tested { test, p_value: Some(p), real: p < ALPHA }
    }
}

/// Tests the change from `before` to `after`, where `values` are the two measured values (used by the
/// timing rule and the census). `None` when the two samples are of different kinds and cannot be compared.
pub(crate) fn test(before: Option<&Sample>, after: Option<&Sample>, values: (f64, f64)) -> Option<Tested> {
    Some(match (before, after) {
        (None, None) => Tested { test: "census", p_value: None, real: values.0 != values.1 },
        (Some(Sample::Share { n: n1, k: k1 }), Some(Sample::Share { n: n2, k: k2 })) => {
            two_proportions(*k1, *n1, *k2, *n2)
        }
        (
            Some(Sample::Nps { n: n1, promoters: p1, detractors: d1 }),
            Some(Sample::Nps { n: n2, promoters: p2, detractors: d2 }),
        ) => nps(*n1, *p1, *d1, *n2, *p2, *d2),
        (Some(Sample::Mean { n: n1, mean: m1, sd: s1 }), Some(Sample::Mean { n: n2, mean: m2, sd: s2 })) => {
            welch(*n1, *m1, *s1, *n2, *m2, *s2)
        }
        (Some(Sample::Count { count: c1, days: t1 }), Some(Sample::Count { count: c2, days: t2 })) => {
            poisson_rates(*c1, *t1, *c2, *t2)
        }
        (Some(Sample::Timing), Some(Sample::Timing)) => {
            let (a, b) = values;
            let real = if a == 0.0 { b != 0.0 } else { ((b - a) / a).abs() >= TIMING_NOISE };
            Tested { test: "timing_share", p_value: None, real }
        }
        _ => return None,
    })
}

fn normal_two_sided(z: f64) -> f64 {
    let standard = Normal::standard();
    2.0 * standard.sf(z.abs())
}

/// Two shares: the pooled two-proportion z-test, or Fisher's exact test when an expected count is small.
pub(crate) fn two_proportions(k1: usize, n1: usize, k2: usize, n2: usize) -> Tested {
    if n1 == 0 || n2 == 0 || k1 > n1 || k2 > n2 {
        return Tested { test: "two_proportion_z", p_value: None, real: false };
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1f + n2f);
    let expected = [n1f * pooled, n1f * (1.0 - pooled), n2f * pooled, n2f * (1.0 - pooled)];
    if expected.iter().any(|e| *e < MIN_EXPECTED) {
        return Tested::p("fisher_exact", fisher_exact(k1, n1, k2, n2));
    }
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let z = (k2 as f64 / n2f - k1 as f64 / n1f) / se;
    Tested::p("two_proportion_z", normal_two_sided(z))
}

/// Fisher's exact test, two-sided: the probability, with the margins fixed, of the tables as likely as the
/// observed one or less.
pub(crate) fn fisher_exact(k1: usize, n1: usize, k2: usize, n2: usize) -> f64 {
    let (population, successes, draws) = ((n1 + n2) as u64, (k1 + k2) as u64, n1 as u64);
    let Ok(dist) = Hypergeometric::new(population, successes, draws) else { return 1.0 };
    let observed = dist.pmf(k1 as u64);
    let low = draws.saturating_sub(population - successes);
    let high = draws.min(successes);
    (low..=high).map(|x| dist.pmf(x)).filter(|p| *p <= observed * (1.0 + PMF_TOLERANCE)).sum()
}

/// Two NPS: z on their difference, each NPS's variance from its promoter and detractor shares.
pub(crate) fn nps(n1: usize, p1: usize, d1: usize, n2: usize, p2: usize, d2: usize) -> Tested {
    if n1 == 0 || n2 == 0 {
        return Tested { test: "nps_z", p_value: None, real: false };
    }
    let part = |n: usize, p: usize, d: usize| {
        let (p, d) = (p as f64 / n as f64, d as f64 / n as f64);
        (p - d, (p + d - (p - d).powi(2)) / n as f64)
    };
    let (score1, var1) = part(n1, p1, d1);
    let (score2, var2) = part(n2, p2, d2);
    let se = (var1 + var2).sqrt();
    if se == 0.0 {
        // Every answer the same in both runs: the scores differ or they do not.
        return Tested { test: "nps_z", p_value: None, real: score1 != score2 };
    }
    Tested::p("nps_z", normal_two_sided((score2 - score1) / se))
}

/// Two means: Welch's t-test (unequal variances, Welch–Satterthwaite degrees of freedom).
pub(crate) fn welch(n1: usize, m1: f64, s1: f64, n2: usize, m2: f64, s2: f64) -> Tested {
    if n1 < 2 || n2 < 2 {
        return Tested { test: "welch_t", p_value: None, real: false };
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let (v1, v2) = (s1 * s1 / n1f, s2 * s2 / n2f);
    let se = (v1 + v2).sqrt();
    if se == 0.0 {
        return Tested { test: "welch_t", p_value: None, real: m1 != m2 };
    }
    let t = (m2 - m1) / se;
    let df = (v1 + v2).powi(2) / (v1 * v1 / (n1f - 1.0) + v2 * v2 / (n2f - 1.0));
    let Ok(dist) = StudentsT::new(0.0, 1.0, df) else { return Tested { test: "welch_t", p_value: None, real: false } };
    Tested::p("welch_t", 2.0 * dist.sf(t.abs()))
}

/// Two counts over windows of `t1` and `t2` days: given their sum, the later count is binomial with the
/// later window's share of the time; the two-sided exact p-value sums the outcomes as likely or less.
pub(crate) fn poisson_rates(c1: usize, t1: u32, c2: usize, t2: u32) -> Tested {
    let total = (c1 + c2) as u64;
    if total == 0 || t1 == 0 || t2 == 0 {
        return Tested { test: "poisson_exact", p_value: None, real: false };
    }
    let share = f64::from(t2) / f64::from(t1 + t2);
    let Ok(dist) = Binomial::new(share, total) else {
        return Tested { test: "poisson_exact", p_value: None, real: false };
    };
    let observed = dist.pmf(c2 as u64);
    let p = (0..=total).map(|x| dist.pmf(x)).filter(|p| *p <= observed * (1.0 + PMF_TOLERANCE)).sum();
    Tested::p("poisson_exact", p)
}

/// The sample standard deviation of values (n − 1 in the denominator); 0 for fewer than two.
pub(crate) fn sd(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let squares: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    (squares / (n as f64 - 1.0)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    // Reference p-values from scipy and statsmodels (see the expressions beside each), computed apart from this code.
    #[test]
    fn two_proportions_match_the_z_test_and_fishers_exact_test() {
        // statsmodels proportions_ztest([29, 28], [40, 40]) → p = 0.804888
        let t = two_proportions(29, 40, 28, 40);
        assert_eq!(t.test, "two_proportion_z");
        assert!((t.p_value.unwrap() - 0.804_888).abs() < 1e-6, "{t:?}");
        assert!(!t.real);
        // proportions_ztest([144, 108], [200, 200]) → p = 0.000193
        let t = two_proportions(144, 200, 108, 200);
        assert!(t.real && (t.p_value.unwrap() - 0.000_192_838).abs() < 1e-8, "{t:?}");
        // scipy.stats.fisher_exact([[1, 9], [6, 4]]) → p = 0.05728
        let t = two_proportions(1, 10, 6, 10);
        assert_eq!(t.test, "fisher_exact");
        assert!((t.p_value.unwrap() - 0.057_275_541).abs() < 1e-6, "{t:?}");
        assert!(!t.real);
        // fisher_exact([[0, 12], [8, 4]]) → p = 0.001346
        let t = two_proportions(0, 12, 8, 12);
        assert!(t.real && (t.p_value.unwrap() - 0.001_346_5).abs() < 1e-6, "{t:?}");
    }

    #[test]
    fn nps_changes_are_tested_on_the_difference_of_two_nps() {
        // 35 → 31 on 90 answers each: within noise.
        let t = nps(90, 45, 13, 90, 43, 15);
        assert!(!t.real, "{t:?}");
        // 20 → 50 on 400 answers each: real. z = 0.3 / sqrt(v1 + v2), v = (p + d − nps²)/n.
        let t = nps(400, 160, 80, 400, 240, 40);
        let v1 = (0.4 + 0.2 - 0.04) / 400.0;
        let v2 = (0.6 + 0.1 - 0.25) / 400.0;
        let z = 0.3 / f64::sqrt(v1 + v2);
        assert!(t.real && close(t.p_value.unwrap(), 2.0 * Normal::standard().sf(z)), "{t:?}");
    }

    #[test]
    fn means_use_welchs_t_test() {
        // scipy.stats.ttest_ind_from_stats(5.1, 1.2, 30, 5.3, 1.1, 35, equal_var=False) → p = 0.489133
        let t = welch(30, 5.1, 1.2, 35, 5.3, 1.1);
        assert!(!t.real && (t.p_value.unwrap() - 0.489_133).abs() < 1e-5, "{t:?}");
        // ttest_ind_from_stats(4.6, 0.9, 200, 4.2, 1.1, 220, equal_var=False) → p = 5.1187e-5
        let t = welch(200, 4.6, 0.9, 220, 4.2, 1.1);
        assert!(t.real && (t.p_value.unwrap() - 5.118_67e-5).abs() < 1e-8, "{t:?}");
    }

    #[test]
    fn counts_use_the_exact_test_of_two_poisson_rates() {
        // 10 then 12 in equal windows: scipy.stats.binomtest(12, 22, 0.5) → p = 0.8318
        let t = poisson_rates(10, 30, 12, 30);
        assert!(!t.real && (t.p_value.unwrap() - 0.831_812).abs() < 1e-5, "{t:?}");
        // 40 then 15: binomtest(15, 55, 0.5) → p = 0.00102
        let t = poisson_rates(40, 30, 15, 30);
        assert!(t.real && (t.p_value.unwrap() - 0.001_015_85).abs() < 1e-7, "{t:?}");
        assert!(!poisson_rates(0, 30, 0, 30).real);
    }

    #[test]
    fn census_and_timing_need_no_sample() {
        let census = test(None, None, (2.0, 1.0)).unwrap();
        assert!(census.real && census.test == "census");
        assert!(!test(None, None, (2.0, 2.0)).unwrap().real);
        let timing = Some(&Sample::Timing);
        assert!(!test(timing, timing, (400.0, 450.0)).unwrap().real);
        assert!(test(timing, timing, (400.0, 900.0)).unwrap().real);
        let share = Sample::Share { n: 10, k: 2 };
        assert!(test(Some(&share), None, (0.2, 0.3)).is_none());
    }

    #[test]
    fn sample_sd() {
        assert!(close(sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), 2.138_089_935));
        assert_eq!(sd(&[3.0]), 0.0);
    }
}
