import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Deps } from '../platform/deps.ts';
import { withConfigFlags } from './config-flags.ts';
import {
  CATALOG_TABLES,
  csvToDocument,
  exportCatalog,
  importCatalog,
  isCatalogTable,
  loadDefaultCatalog,
  tableToCsv,
  type CatalogTable,
} from '../modules/catalog/index.ts';

type Opts = Record<string, unknown>;
type WithDeps = (opts: Opts, fn: (deps: Deps) => Promise<unknown>) => Promise<void>;

/**
 * The documents a path names: a JSON file; one CSV file (its table from --table or its file
 * name); or a directory of `<table>.csv` files, merged into one document so that it is imported
 * in one transaction.
 */
function readCatalogInput(file: string, format: string, table: string | undefined): unknown {
  if (format === 'json') return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (format !== 'csv') throw new Error(`unknown format ${format}: json or csv`);
  if (fs.statSync(file).isDirectory()) {
    const doc: Record<string, unknown> = {};
    for (const t of CATALOG_TABLES) {
      const f = path.join(file, `${t}.csv`);
      if (fs.existsSync(f)) Object.assign(doc, csvToDocument(t, fs.readFileSync(f, 'utf8')));
    }
    if (Object.keys(doc).length === 0) throw new Error(`no <table>.csv files in ${file}; tables: ${CATALOG_TABLES.join(', ')}`);
    return doc;
  }
  const name = table ?? path.basename(file).replace(/\.csv$/i, '');
  if (!isCatalogTable(name)) throw new Error(`cannot tell the table of ${file}: pass --table (${CATALOG_TABLES.join(', ')})`);
  return csvToDocument(name, fs.readFileSync(file, 'utf8'));
}

/** Catalog and price books: import and export as JSON or CSV, and the default (demo) catalog. */
export function registerCatalogCommands(program: Command, withDeps: WithDeps): void {
  const catalog = program.command('catalog').description('the catalog and price books (JSON document, or one CSV file per table)');
  withConfigFlags(catalog.command('import').description('import a catalog document: rows are added or updated; each book priced is replaced').argument('<path>', 'a .json file, a <table>.csv file, or a directory of <table>.csv files'))
    .option('--format <format>', 'json | csv (default: from the path)')
    .option('--table <table>', 'for a single CSV file whose name is not <table>.csv')
    .action((file: string, opts: Opts) =>
      withDeps(opts, async (deps) => {
        const format = opts.format ? String(opts.format) : /\.json$/i.test(file) ? 'json' : 'csv';
        return { imported: await importCatalog(deps, readCatalogInput(file, format, opts.table ? String(opts.table) : undefined)) };
      }),
    );
  withConfigFlags(catalog.command('export').description('export the catalog and every price book'))
    .option('--format <format>', 'json | csv', 'json')
    .option('--out <path>', 'json: a file (default stdout); csv: a directory for <table>.csv files')
    .option('--table <table>', 'csv: print only this table to stdout')
    .action((opts: Opts) =>
      withDeps(opts, async (deps) => {
        const doc = await exportCatalog(deps);
        const format = String(opts.format);
        if (format === 'json') {
          const text = JSON.stringify(doc, null, 2);
          if (!opts.out) return text;
          fs.writeFileSync(String(opts.out), text + '\n');
          return `catalog written to ${String(opts.out)}`;
        }
        if (format !== 'csv') throw new Error(`unknown format ${format}: json or csv`);
        if (opts.table) {
          const t = String(opts.table);
          if (!isCatalogTable(t)) throw new Error(`unknown table ${t}: ${CATALOG_TABLES.join(', ')}`);
          return tableToCsv(t, doc).trimEnd();
        }
        if (!opts.out) throw new Error('csv export needs --out <directory> (or --table for one table on stdout)');
        const dir = String(opts.out);
        fs.mkdirSync(dir, { recursive: true });
        for (const t of CATALOG_TABLES as readonly CatalogTable[]) fs.writeFileSync(path.join(dir, `${t}.csv`), tableToCsv(t, doc));
        return `${CATALOG_TABLES.length} tables written to ${dir}`;
      }),
    );
  withConfigFlags(catalog.command('load-default').description('import the default (demo) catalog shipped with the platform; a no-op when already loaded')).action((opts: Opts) =>
    withDeps(opts, async (deps) => ((await loadDefaultCatalog(deps)).imported ? 'default catalog loaded' : 'default catalog already loaded')),
  );
}
