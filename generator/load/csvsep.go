package load

// CSVSeparator is the cell separator of a spreadsheet's CSV export: a comma,
// or a semicolon or tab where the header row holds no comma (spreadsheets
// where the comma is the decimal mark write those).
func CSVSeparator(src []byte) rune { return separator(src) }
