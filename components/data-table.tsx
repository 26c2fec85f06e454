"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, FormSelect, FormSelectOption, Pagination, SearchInput, TextInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { SearchIcon } from "@patternfly/react-icons";
import { Table, Th, Thead, Tr } from "@patternfly/react-table";
import { MORE_THAN_CAP, PER_PAGE_OPTIONS, type SortDirection } from "@/lib/lists/page-query";
import { TableRows, type TableColumn, type TableRow } from "./simple-table";

export interface DataColumn extends TableColumn {
  /** The sort key the server accepts for this column; a column without one does not sort. */
  sort?: string;
}

export type DataRow = TableRow;

export interface ListFilter {
  param: string;
  label: string;
  value: string;
  /** A choice from a list; without options, typed text (or a date). */
  options?: ReadonlyArray<{ value: string; label: string }>;
  type?: "text" | "date";
  placeholder?: string;
}

export interface DataTableProps {
  /** What the table lists, for screen readers ("Orders waiting for a decision"). */
  label: string;
  columns: DataColumn[];
  rows: DataRow[];
  total: number;
  /** The list counted only up to COUNT_CAP and found more: the pages say "of more than 1,000". */
  totalIsMore?: boolean;
  /** Where the next and previous pages start (lib/lists/seek.ts); without them a page is asked for by its number. */
  cursors?: { next: string | null; previous: string | null };
  query: { q?: string; sort: string; dir: SortDirection; page: number; perPage: number };
  /** The search box's placeholder; without it the list has no search. */
  search?: string;
  filters?: ListFilter[];
  /** What an empty list says when nothing filters it (a filtered empty list offers to clear the filters). */
  empty: { title: string; body?: React.ReactNode; action?: React.ReactNode };
  testId?: string;
  /** Fewer rows than a page and no filters: a short list needs no toolbar. */
  hideToolbarWhenShort?: boolean;
  /** Two lists on one page keep their search, sort and page apart in the address ("dr-" → dr-q, dr-page). */
  paramPrefix?: string;
}

const TYPING_PAUSE_MS = 350;

/**
 * A list as PatternFly draws them in the OpenShift console: a toolbar (search, filters, pagination),
 * a table that sorts by clicking its column headers and stacks into cards on a phone, and an empty
 * state. Everything it shows is in the address: changing a filter asks the server for that page.
 */
export function DataTable({ label, columns, rows, total, totalIsMore = false, cursors, query, search, filters = [], empty, testId, hideToolbarWhenShort, paramPrefix = "" }: DataTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  // The address asked for last: two filters typed one after the other each build on the one before,
  // even while the first page is still loading (the hook's params change only once it has).
  const intended = useRef(params.toString());
  useEffect(() => {
    intended.current = params.toString();
  }, [params]);

  const go = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(intended.current);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    // A cursor belongs to the page it came from: any other change starts again without one.
    if (!keepPage) for (const name of ["page", "after", "before"]) next.delete(`${paramPrefix}${name}`);
    const search = next.toString();
    intended.current = search;
    startTransition(() => router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false }));
  };

  const filtered = Boolean(query.q) || filters.some((f) => f.value !== "");
  const own = (name: string) => `${paramPrefix}${name}`;
  const clearAll = () => go(Object.fromEntries([[own("q"), undefined], ...filters.map((f) => [f.param, undefined])]));
  const sortIndex = columns.findIndex((c) => c.sort === query.sort);
  const showToolbar = !(hideToolbarWhenShort && !filtered && total <= Math.min(...PER_PAGE_OPTIONS));
  // The next or previous page carries on from the rows shown (a seek); any other page is asked for by its number.
  const toPage = (page: number) => {
    const after = page === query.page + 1 ? cursors?.next : undefined;
    const before = page === query.page - 1 && page > 1 ? cursors?.previous : undefined;
    go({ [own("page")]: String(page), [own("after")]: after ?? undefined, [own("before")]: before ?? undefined }, true);
  };
  const pagination = { label, total, totalIsMore, page: query.page, perPage: query.perPage, onPage: toPage, onPerPage: (perPage: number) => go({ [own("perPage")]: String(perPage) }) };

  return (
    <div aria-busy={pending} data-testid={testId ? `${testId}-list` : undefined}>
      {showToolbar && (
        <Toolbar clearAllFilters={filtered ? clearAll : undefined} inset={{ default: "insetNone" }}>
          <ToolbarContent>
            {search && (
              <ToolbarItem>
                <TypedFilter label={`Search ${label.toLowerCase()}`} value={query.q ?? ""} placeholder={search} onChange={(q) => go({ [own("q")]: q })} search />
              </ToolbarItem>
            )}
            {filters.map((filter) => (
              <ToolbarItem key={filter.param}>
                {filter.options ? (
                  <FormSelect aria-label={filter.label} value={filter.value} onChange={(_event, value) => go({ [filter.param]: value })} data-testid={`filter-${filter.param}`}>
                    {filter.options.map((option) => (
                      <FormSelectOption key={option.value} value={option.value} label={option.label} />
                    ))}
                  </FormSelect>
                ) : (
                  <TypedFilter label={filter.label} value={filter.value} placeholder={filter.placeholder} type={filter.type} onChange={(value) => go({ [filter.param]: value })} testId={`filter-${filter.param}`} />
                )}
              </ToolbarItem>
            ))}
            {filtered && (
              <ToolbarItem>
                <Button variant="link" onClick={clearAll}>
                  Clear all filters
                </Button>
              </ToolbarItem>
            )}
            <ToolbarItem variant="pagination" align={{ default: "alignEnd" }}>
              <ListPagination {...pagination} variant="top" />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      )}
      {total === 0 ? (
        <EmptyState titleText={filtered ? `No ${label.toLowerCase()} match` : empty.title} headingLevel="h3" icon={filtered ? SearchIcon : undefined} variant="sm" data-testid={testId ? `${testId}-empty` : undefined}>
          <EmptyStateBody>{filtered ? "Nothing matches these filters. Clear them to see everything." : empty.body}</EmptyStateBody>
          {(filtered || empty.action) && (
            <EmptyStateFooter>
              <EmptyStateActions>
                {filtered ? (
                  <Button variant="link" onClick={clearAll}>
                    Clear all filters
                  </Button>
                ) : (
                  empty.action
                )}
              </EmptyStateActions>
            </EmptyStateFooter>
          )}
        </EmptyState>
      ) : (
        <>
          <Table aria-label={label} variant="compact" data-testid={testId}>
            <Thead>
              <Tr>
                {columns.map((column, index) => (
                  <Th
                    key={column.key}
                    sort={
                      column.sort
                        ? {
                            columnIndex: index,
                            sortBy: { index: sortIndex >= 0 ? sortIndex : undefined, direction: query.dir, defaultDirection: "asc" },
                            onSort: (_event, _index, direction) => go({ [own("sort")]: column.sort, [own("dir")]: direction }),
                          }
                        : undefined
                    }
                  >
                    {column.title}
                  </Th>
                ))}
              </Tr>
            </Thead>
            <TableRows columns={columns} rows={rows} />
          </Table>
          {showToolbar && total > query.perPage && <ListPagination {...pagination} variant="bottom" />}
        </>
      )}
    </div>
  );
}

function ListPagination({ label, total, totalIsMore, page, perPage, onPage, onPerPage, variant }: { label: string; total: number; totalIsMore: boolean; page: number; perPage: number; onPage: (page: number) => void; onPerPage: (perPage: number) => void; variant: "top" | "bottom" }) {
  return (
    <Pagination
      // Without a count PatternFly offers the next page as long as one is asked for; the server
      // shows the last page when a page past the end is asked for.
      itemCount={totalIsMore ? undefined : total}
      toggleTemplate={
        totalIsMore
          ? ({ firstIndex, lastIndex }) => (
              <>
                <b>
                  {firstIndex} - {lastIndex}
                </b>{" "}
                of <b>{MORE_THAN_CAP}</b>
              </>
            )
          : undefined
      }
      page={page}
      perPage={perPage}
      perPageOptions={PER_PAGE_OPTIONS.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_event, next) => onPage(next)}
      onPerPageSelect={(_event, next) => onPerPage(next)}
      variant={variant}
      isCompact={variant === "top"}
      titles={{ paginationAriaLabel: `${label}, pages (${variant})` }}
    />
  );
}

/** A text filter that asks the server once typing pauses, not at every key. */
function TypedFilter({ label, value, placeholder, type = "text", onChange, search, testId }: { label: string; value: string; placeholder?: string; type?: "text" | "date"; onChange: (value: string) => void; search?: boolean; testId?: string }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState<string | null>(null);
  // The address changed from elsewhere (Clear all filters, the back button): show what it says.
  // What we sent ourselves is left alone, so letters typed while the page loads are kept.
  if (seen !== value) {
    setSeen(value);
    if (value !== sent) setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(
      () => {
        setSent(text.trim());
        onChange(text.trim());
      },
      type === "date" ? 0 : TYPING_PAUSE_MS,
    );
    return () => clearTimeout(timer);
    // onChange is a new function each render; the timer follows the text only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, value]);
  if (search) return <SearchInput aria-label={label} placeholder={placeholder} value={text} onChange={(_event, next) => setText(next)} onClear={() => setText("")} data-testid="list-search" />;
  return <TextInput aria-label={label} placeholder={placeholder ?? label} type={type} value={text} onChange={(_event, next) => setText(next)} data-testid={testId} />;
}
