//! The limits on a sheet's extent and on the text of its cells, applied cell by cell while
//! the cells stream in, before anything of the sheet's size is allocated.
//!
//! Owns: the grid a sheet will need (anchored at A1: the farthest row and column holding
//! a value), the running count of cells over the workbook's sheets, and the running count
//! of text bytes once shared strings and repeated cells are expanded. Guarantees: the first
//! cell beyond a limit is an error naming the sheet and that cell; a sheet whose cells all
//! passed gets a grid of at most `max_rows` × `max_cols` and, with the sheets before it, at
//! most `max_cells` cells; the text placed in all cells stays within `max_text_bytes`.

use super::{Limits, ReadError, cell_ref};
use crate::text;

/// Rows and columns of the largest sheet Excel makes: the ends of the repeated cells of an
/// OpenDocument table are named within it, as spreadsheet programs show them.
pub(super) const SHEET_ROWS: u64 = 1_048_576;
/// See [`SHEET_ROWS`].
pub(super) const SHEET_COLS: u64 = 16_384;

/// The extent of one sheet, grown cell by cell within the limits.
pub(super) struct Bounds<'l> {
    limits: &'l Limits,
    /// The sheet's name as the workbook writes it (repaired only for messages).
    sheet: &'l str,
    /// Cells of the grids of the sheets before this one.
    before: usize,
    rows: usize,
    cols: usize,
    /// Values taken in by [`Bounds::value`].
    values: usize,
}

impl<'l> Bounds<'l> {
    /// An empty sheet after sheets whose grids hold `before` cells.
    pub(super) fn new(limits: &'l Limits, sheet: &'l str, before: usize) -> Bounds<'l> {
        Bounds {
            limits,
            sheet,
            before,
            rows: 0,
            cols: 0,
            values: 0,
        }
    }

    /// Takes in a value record streamed from the sheet at the 0-based (row, column): a
    /// [`Bounds::cell`] that also counts the records, which cannot pass the cells the
    /// limit leaves this sheet even when they repeat one position (no program writes a
    /// position twice, but a hostile file could, to hold them all in memory).
    pub(super) fn value(&mut self, row: u64, col: u64) -> Result<(), ReadError> {
        self.cell(row, col)?;
        self.values += 1;
        let cells = self.before.saturating_add(self.values);
        if cells > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                sheet: self.name(),
                cell: cell_ref(to_usize(row), to_usize(col)),
                cells,
                max_cells: self.limits.max_cells,
            });
        }
        Ok(())
    }

    /// Takes in a cell holding a value at the 0-based (row, column).
    pub(super) fn cell(&mut self, row: u64, col: u64) -> Result<(), ReadError> {
        self.block(row, col, 1, 1)
    }

    /// Takes in `rows` × `cols` cells holding a value, from the 0-based (row, column) on
    /// (a repeated cell of an OpenDocument table); none when either count is 0.
    pub(super) fn block(
        &mut self,
        row: u64,
        col: u64,
        rows: u64,
        cols: u64,
    ) -> Result<(), ReadError> {
        if rows == 0 || cols == 0 {
            return Ok(());
        }
        // Within the grid so far: nothing grows (the common case, cell after cell).
        if row.saturating_add(rows) <= self.rows as u64
            && col.saturating_add(cols) <= self.cols as u64
        {
            return Ok(());
        }
        let last_row = row.saturating_add(rows - 1);
        let last_col = col.saturating_add(cols - 1);
        // A repeated cell is named by the far corner of its block within the largest sheet.
        let shown = |first: u64, last: u64, count: u64, size: u64| match count {
            1 => last,
            _ => last.min(size - 1).max(first),
        };
        let far = || {
            cell_ref(
                to_usize(shown(row, last_row, rows, SHEET_ROWS)),
                to_usize(shown(col, last_col, cols, SHEET_COLS)),
            )
        };
        if last_row >= self.limits.max_rows as u64 || last_col >= self.limits.max_cols as u64 {
            return Err(ReadError::CellBeyondLimits {
                sheet: self.name(),
                cell: far(),
                max_rows: self.limits.max_rows,
                max_cols: self.limits.max_cols,
            });
        }
        // Both within the row and column limits, so the sums and products below fit.
        self.rows = self.rows.max(to_usize(last_row) + 1);
        self.cols = self.cols.max(to_usize(last_col) + 1);
        let cells = self.before.saturating_add(self.cells());
        if cells > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                sheet: self.name(),
                cell: far(),
                cells,
                max_cells: self.limits.max_cells,
            });
        }
        Ok(())
    }

    /// The grid the sheet needs: (rows, columns) from A1 to its farthest values.
    pub(super) fn grid(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Cells of that grid.
    pub(super) fn cells(&self) -> usize {
        self.rows.saturating_mul(self.cols)
    }

    /// The sheet's name as the workbook writes it.
    pub(super) fn sheet(&self) -> &str {
        self.sheet
    }

    fn name(&self) -> String {
        text::fix_cell(self.sheet, None).into_owned()
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The text bytes all cells of a workbook may hold together (`max_text_bytes`): a shared
/// string or a repeated cell is counted every time it is placed, as it will be held in the
/// grid.
pub(super) struct TextBudget {
    limit: u64,
    used: u64,
}

impl TextBudget {
    pub(super) fn new(limits: &Limits) -> TextBudget {
        TextBudget {
            limit: limits.max_text_bytes,
            used: 0,
        }
    }

    /// Counts `bytes` more text placed at the 0-based (row, column) of the sheet named
    /// `sheet`; an error naming that cell once the total passes the limit.
    pub(super) fn take(
        &mut self,
        bytes: u64,
        sheet: &str,
        row: u64,
        col: u64,
    ) -> Result<(), ReadError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.limit {
            return Err(ReadError::TooMuchText {
                sheet: text::fix_cell(sheet, None).into_owned(),
                cell: cell_ref(to_usize(row), to_usize(col)),
                limit: self.limit,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_cell_beyond_a_limit_is_named() {
        let limits = Limits {
            max_rows: 10,
            max_cols: 5,
            max_cells: 30,
            ..Limits::default()
        };
        let mut bounds = Bounds::new(&limits, "Danh sách", 0);
        bounds.cell(9, 2).unwrap();
        assert_eq!(bounds.grid(), (10, 3));
        assert_eq!(
            bounds.cell(10, 0),
            Err(ReadError::CellBeyondLimits {
                sheet: "Danh sách".into(),
                cell: "A11".into(),
                max_rows: 10,
                max_cols: 5
            })
        );
        assert!(matches!(
            bounds.cell(0, 5),
            Err(ReadError::CellBeyondLimits { cell, .. }) if cell == "F1"
        ));
        // 10 rows × 4 columns pass the 30 cells.
        assert_eq!(
            bounds.cell(0, 3),
            Err(ReadError::TooManyCells {
                sheet: "Danh sách".into(),
                cell: "D1".into(),
                cells: 40,
                max_cells: 30
            })
        );
        // A repeated block is named by its far corner; an empty one is nothing.
        let mut bounds = Bounds::new(&limits, "Danh sách", 0);
        bounds.block(0, 0, 0, u64::MAX).unwrap();
        assert!(matches!(
            bounds.block(2, 1, u64::MAX, 3),
            Err(ReadError::CellBeyondLimits { cell, .. }) if cell == "D1048576"
        ));
        assert!(matches!(
            bounds.block(0, 0, 1, u64::MAX),
            Err(ReadError::CellBeyondLimits { cell, .. }) if cell == "XFD1"
        ));
        bounds.block(2, 1, 4, 3).unwrap();
        assert_eq!(bounds.grid(), (6, 4));
        assert!(matches!(
            bounds.block(2, 1, 8, 3),
            Err(ReadError::TooManyCells { cell, cells: 40, .. }) if cell == "D10"
        ));
    }

    #[test]
    fn a_position_repeated_counts_every_time() {
        let limits = Limits {
            max_cells: 3,
            ..Limits::default()
        };
        let mut bounds = Bounds::new(&limits, "Sheet1", 0);
        for _ in 0..3 {
            bounds.value(0, 0).unwrap();
        }
        assert_eq!(bounds.grid(), (1, 1));
        assert!(matches!(
            bounds.value(0, 0),
            Err(ReadError::TooManyCells { cells: 4, .. })
        ));
    }

    #[test]
    fn earlier_sheets_count_toward_the_cells() {
        let limits = Limits {
            max_cells: 100,
            ..Limits::default()
        };
        let mut bounds = Bounds::new(&limits, "Sheet2", 90);
        bounds.cell(1, 4).unwrap();
        assert!(matches!(
            bounds.cell(2, 4),
            Err(ReadError::TooManyCells { cells: 105, .. })
        ));
    }

    #[test]
    fn messages_are_nfc_and_group_thousands() {
        let errors = [
            ReadError::CellBeyondLimits {
                sheet: "Danh sách".into(),
                cell: "XFD1048576".into(),
                max_rows: 50_000,
                max_cols: 1_024,
            },
            ReadError::TooManyCells {
                sheet: "Danh sách".into(),
                cell: "ZZ20000".into(),
                cells: 14_040_000,
                max_cells: 5_000_000,
            },
            ReadError::TooMuchText {
                sheet: "Danh sách".into(),
                cell: "A1049".into(),
                limit: 100 * 1024 * 1024,
            },
        ];
        for error in &errors {
            let message = error.to_string();
            assert!(unicode_normalization::is_nfc(&message), "{message}");
        }
        assert!(errors[0].to_string().contains("50.000 dòng và 1.024 cột"));
        assert!(errors[1].to_string().contains("14.040.000 ô"));
        assert!(errors[2].to_string().contains("đến ô A1049 đã hơn 100 MB"));
    }

    #[test]
    fn text_is_counted_as_it_is_placed() {
        let limits = Limits {
            max_text_bytes: 10,
            ..Limits::default()
        };
        let mut budget = TextBudget::new(&limits);
        budget.take(6, "Danh sách", 0, 0).unwrap();
        budget.take(4, "Danh sách", 1, 0).unwrap();
        assert_eq!(
            budget.take(1, "Danh sách", 2, 1),
            Err(ReadError::TooMuchText {
                sheet: "Danh sách".into(),
                cell: "B3".into(),
                limit: 10
            })
        );
    }
}
