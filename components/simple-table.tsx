"use client";

import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";

export interface TableColumn {
  key: string;
  title: string;
}

export interface TableRow {
  id: string;
  /** Each column's cell, by the column's key. */
  cells: Record<string, React.ReactNode>;
  testId?: string;
}

/** The rows of a PatternFly table, each cell labelled with its column so a phone can stack them. */
export function TableRows({ columns, rows }: { columns: readonly TableColumn[]; rows: readonly TableRow[] }) {
  return (
    <Tbody>
      {rows.map((row) => (
        <Tr key={row.id} data-testid={row.testId}>
          {columns.map((column) => (
            <Td key={column.key} dataLabel={column.title}>
              {row.cells[column.key]}
            </Td>
          ))}
        </Tr>
      ))}
    </Tbody>
  );
}

/** A short list that needs no search or pages (a run's targets, an order's namespaces): a compact PatternFly table. */
export function SimpleTable({ label, columns, rows, testId }: { label: string; columns: readonly TableColumn[]; rows: readonly TableRow[]; testId?: string }) {
  return (
    <Table aria-label={label} variant="compact" data-testid={testId}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column.key}>{column.title}</Th>
          ))}
        </Tr>
      </Thead>
      <TableRows columns={columns} rows={rows} />
    </Table>
  );
}
