//! Award money: coefficient × mức lương cơ sở in force on the date of the
//! decision, rounded as the decree says (up to the next 10.000 đồng by
//! default). Every figure is configuration with the law's values as
//! defaults (spec §5): the base-salary table by effective date, the
//! coefficients per award and kind, the rounding rule.
//!
//! Arithmetic is in whole đồng with coefficients held in hundredths
//! (0,3 → 30), so no amount depends on floating point.

use std::collections::HashMap;

use super::{Award, NomineeKind};
use crate::text::Date;

/// How the product is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Up to the next multiple of the unit ("làm tròn số lên").
    Up,
    /// To the nearest multiple, halves up.
    Nearest,
    /// No rounding.
    None,
}

/// A base salary and the day it took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseSalary {
    /// First day in force.
    pub from: Date,
    /// Đồng per month.
    pub amount: u64,
}

/// The rules that turn an award into money.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRules {
    /// Base salaries, oldest first.
    pub base_salaries: Vec<BaseSalary>,
    /// Rounding rule.
    pub rounding: Rounding,
    /// Rounding unit in đồng (10.000).
    pub rounding_unit: u64,
    /// Coefficient in hundredths per award, for (cá nhân, tập thể); `None`
    /// where the award is not given to that kind or carries no money.
    pub coefficients: HashMap<Award, (Option<u32>, Option<u32>)>,
    /// Coefficient in hundredths for a household, where the office sets
    /// one (`ho_gia_dinh`); else a person's (the law sets none).
    pub households: HashMap<Award, u32>,
}

/// The money of one award.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// Coefficient in hundredths.
    pub coefficient: u32,
    /// The base salary used.
    pub base: u64,
    /// The amount after rounding.
    pub amount: u64,
}

fn date(year: u32, month: u32, day: u32) -> Date {
    Date::new(year, month, day).expect("a valid date of the built-in table")
}

impl Default for MoneyRules {
    fn default() -> MoneyRules {
        use Award::*;
        let coefficients = [
            (ChienSiThiDuaToanQuoc, Some(450), None),
            (ChienSiThiDuaTinh, Some(300), None),
            (ChienSiThiDuaCoSo, Some(100), None),
            (LaoDongTienTien, Some(30), None),
            (TapTheLaoDongXuatSac, None, Some(150)),
            (TapTheLaoDongTienTien, None, Some(80)),
            (CoThiDuaChinhPhu, None, Some(1200)),
            (CoThiDuaTinh, None, Some(800)),
            (BangKhenThuTuong, Some(350), Some(700)),
            (BangKhenTinh, Some(150), Some(300)),
            (GiayKhen, Some(30), Some(60)),
            // Nghị định 98/2023 (spec §5.3); collectives at twice the rate,
            // as practice has it.
            (HuanChuongLaoDongHangNhat, Some(900), Some(1800)),
            (HuanChuongLaoDongHangNhi, Some(750), Some(1500)),
            (HuanChuongLaoDongHangBa, Some(450), Some(900)),
        ]
        .into_iter()
        .map(|(award, person, group)| (award, (person, group)))
        .collect();
        MoneyRules {
            base_salaries: vec![
                BaseSalary {
                    from: date(2019, 7, 1),
                    amount: 1_490_000,
                },
                BaseSalary {
                    from: date(2023, 7, 1),
                    amount: 1_800_000,
                },
                BaseSalary {
                    from: date(2024, 7, 1),
                    amount: 2_340_000,
                },
                BaseSalary {
                    from: date(2026, 7, 1),
                    amount: 2_530_000,
                },
            ],
            rounding: Rounding::Up,
            rounding_unit: 10_000,
            coefficients,
            households: HashMap::new(),
        }
    }
}

impl MoneyRules {
    /// The base salary in force on `on`, if the table reaches back so far.
    pub fn base_salary(&self, on: Date) -> Option<u64> {
        self.base_salaries
            .iter()
            .filter(|b| b.from <= on)
            .max_by_key(|b| b.from)
            .map(|b| b.amount)
    }

    /// The coefficient of `award` for `kind`, in hundredths.
    pub fn coefficient(&self, award: Award, kind: NomineeKind) -> Option<u32> {
        if kind == NomineeKind::HoGiaDinh
            && let Some(set) = self.households.get(&award)
        {
            return Some(*set);
        }
        let (person, group) = self.coefficients.get(&award).copied()?;
        match kind {
            // The law sets no household's amount: a person's, as spec §3
            // advises, unless the office sets one.
            NomineeKind::CaNhan | NomineeKind::HoGiaDinh => person,
            NomineeKind::TapThe => group,
        }
    }

    /// Rounds `raw` by the rule.
    pub fn round(&self, raw: u64) -> u64 {
        let unit = self.rounding_unit.max(1);
        match self.rounding {
            Rounding::Up => raw.div_ceil(unit) * unit,
            Rounding::Nearest => (raw + unit / 2) / unit * unit,
            Rounding::None => raw,
        }
    }

    /// The money of `award` for `kind` decided on `on`; `None` when the
    /// award carries no coefficient for that kind or no base salary was in
    /// force.
    pub fn money(&self, award: Award, kind: NomineeKind, on: Date) -> Option<Money> {
        let coefficient = self.coefficient(award, kind)?;
        let base = self.base_salary(on)?;
        let raw = base * u64::from(coefficient) / 100;
        Some(Money {
            coefficient,
            base,
            amount: self.round(raw),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_match_the_table_of_the_spec() {
        let rules = MoneyRules::default();
        let cases = [
            // (award, kind, date, amount)
            (
                Award::LaoDongTienTien,
                NomineeKind::CaNhan,
                (2025, 1, 5),
                710_000,
            ),
            (
                Award::LaoDongTienTien,
                NomineeKind::CaNhan,
                (2026, 7, 1),
                760_000,
            ),
            (
                Award::LaoDongTienTien,
                NomineeKind::CaNhan,
                (2024, 6, 30),
                540_000,
            ),
            (
                Award::BangKhenTinh,
                NomineeKind::CaNhan,
                (2025, 3, 1),
                3_510_000,
            ),
            (
                Award::BangKhenTinh,
                NomineeKind::TapThe,
                (2025, 3, 1),
                7_020_000,
            ),
            (
                Award::CoThiDuaChinhPhu,
                NomineeKind::TapThe,
                (2026, 12, 1),
                30_360_000,
            ),
            (
                Award::ChienSiThiDuaToanQuoc,
                NomineeKind::CaNhan,
                (2026, 8, 1),
                11_390_000,
            ),
            (
                Award::TapTheLaoDongTienTien,
                NomineeKind::TapThe,
                (2025, 1, 1),
                1_880_000,
            ),
            (
                Award::GiayKhen,
                NomineeKind::TapThe,
                (2026, 9, 1),
                1_520_000,
            ),
        ];
        for (award, kind, (y, m, d), amount) in cases {
            let money = rules.money(award, kind, date(y, m, d)).unwrap();
            assert_eq!(money.amount, amount, "{award:?} {kind:?} {y}-{m}-{d}");
        }
    }

    #[test]
    fn awards_not_given_to_a_kind_or_before_the_table_carry_no_money() {
        let rules = MoneyRules::default();
        assert!(
            rules
                .money(
                    Award::LaoDongTienTien,
                    NomineeKind::TapThe,
                    date(2025, 1, 1)
                )
                .is_none()
        );
        assert!(
            rules
                .money(Award::GiayKhen, NomineeKind::CaNhan, date(2010, 1, 1))
                .is_none()
        );
    }

    #[test]
    fn rounding_rules() {
        let mut rules = MoneyRules::default();
        assert_eq!(rules.round(702_000), 710_000);
        assert_eq!(rules.round(700_000), 700_000);
        rules.rounding = Rounding::Nearest;
        assert_eq!(rules.round(223_500), 220_000);
        assert_eq!(rules.round(225_000), 230_000);
        rules.rounding = Rounding::None;
        assert_eq!(rules.round(702_000), 702_000);
    }
}
