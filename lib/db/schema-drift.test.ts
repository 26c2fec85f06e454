import { readFile } from "node:fs/promises";
import internals from "@prisma/internals";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";

// The migrations are written by hand (Prisma's CLI cannot fetch its engine here), so this test
// compares what schema.prisma declares with what the migrations actually build in PostgreSQL
// (schema public; pg-boss keeps its own schema, pgboss).

type Dmmf = Awaited<ReturnType<typeof internals.getDMMF>>;
type Model = Dmmf["datamodel"]["models"][number];

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
};

let dmmf: Dmmf;
let client: pg.Client;

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  return (await client.query<T>(sql, params)).rows;
}

const tableOf = (model: Model) => model.dbName ?? model.name;

beforeAll(async () => {
  dmmf = await internals.getDMMF({ datamodel: await readFile("prisma/schema.prisma", "utf8") });
  const { url } = await createTestDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  return () => client.end();
});

describe("schema.prisma and the migrations", () => {
  it("define the same tables", async () => {
    const rows = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(dmmf.datamodel.models.map(tableOf).sort());
  });

  it("define the same enums and values", async () => {
    const rows = await query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
        GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const declared = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
    expect(actual).toEqual(declared);
  });

  it("define the same columns with the same types and nullability", async () => {
    const rows = await query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = rows.map((r) => {
      const type = r.data_type === "USER-DEFINED" ? r.udt_name : r.data_type === "ARRAY" ? `${r.udt_name.replace(/^_/, "")}[]` : r.data_type;
      return `${r.table_name}.${r.column_name}: ${type}${r.is_nullable === "NO" ? "" : "?"}`;
    });
    const declared = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === "scalar" || f.kind === "enum")
        .map((f) => {
          let type = f.kind === "enum" ? f.type : (SCALAR_TYPES[f.type] ?? `unmapped ${f.type}`);
          if (f.isList) type = `${type}[]`;
          // Prisma creates list columns nullable and keeps them non-null itself.
          const nullable = !f.isRequired || f.isList;
          return `${tableOf(model)}.${f.dbName ?? f.name}: ${type}${nullable ? "?" : ""}`;
        }),
    );
    expect(actual.sort()).toEqual(declared.sort());
  });

  it("define the same primary keys, unique constraints and indexes", async () => {
    const rows = await query<{ table_name: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(
      `SELECT t.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              array_agg(a.attname ORDER BY k.ord)::text[] AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname <> '_prisma_migrations'
        GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
    );
    const kind = (r: { is_unique: boolean; is_primary: boolean }) => (r.is_primary ? "id" : r.is_unique ? "unique" : "index");
    const actual = rows.map((r) => `${r.table_name} ${kind(r)}(${r.columns.join(",")})`);
    const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    const declared = dmmf.datamodel.indexes.map((ix) => {
      const model = models.get(ix.model)!;
      const columns = ix.fields.map((f) => model.fields.find((field) => field.name === f.name)?.dbName ?? f.name);
      return `${tableOf(model)} ${ix.type === "id" || ix.type === "unique" ? ix.type : "index"}(${columns.join(",")})`;
    });
    expect(actual.sort()).toEqual(declared.sort());
  });

  it("define the same foreign keys and delete rules", async () => {
    const rows = await query<{ from_table: string; columns: string[]; to_table: string; on_delete: string }>(
      `SELECT c.conrelid::regclass::text AS from_table, c.confrelid::regclass::text AS to_table,
              c.confdeltype AS on_delete,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public'
        WHERE c.contype = 'f'`,
    );
    const rules: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
    const unquote = (name: string) => name.replace(/^"|"$/g, "");
    const actual = rows.map((r) => `${unquote(r.from_table)}(${r.columns.join(",")}) -> ${unquote(r.to_table)} on delete ${rules[r.on_delete]}`);
    const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    const declared = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
        .map((f) => {
          // Prisma's default: Restrict when the relation is required, SetNull when optional.
          const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
          return `${tableOf(model)}(${f.relationFromFields!.join(",")}) -> ${tableOf(models.get(f.type)!)} on delete ${onDelete}`;
        }),
    );
    expect(actual.sort()).toEqual(declared.sort());
  });
});
