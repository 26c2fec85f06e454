// RFC 4180 CSV, and safe to open in a spreadsheet: a cell that starts like a formula (= + - @)
// gets a leading quote, so an application name or a reason cannot run as one.

function cell(value: string | number | null) {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return /[",\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : value;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(row: ReadonlyArray<string | number | null>) {
  return row.map(cell).join(",") + "\r\n";
}

export function csvOf(rows: ReadonlyArray<ReadonlyArray<string | number | null>>) {
  return rows.map(csvLine).join("");
}
