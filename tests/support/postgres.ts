import pg from 'pg';

/** The PostgreSQL server the tests use (CI requires it; elsewhere its tests skip, saying so). */
export const PG_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on the server as its administrator; false when it cannot (server down, statement refused). */
export async function pgAdmin(sql: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The URL of a database on that server. */
export function pgDatabaseUrl(db: string): string {
  const url = new URL(PG_SERVER);
  url.pathname = `/${db}`;
  return url.href;
}
