/**
 * `npm run backup -- <directory> [--force]`: an online backup of DATA_DIR while the server runs
 * (server/src/persistence/online-backup.ts says how and why it is consistent). Exit 0 with a
 * summary, or 1 with one line saying what is wrong and that nothing was written.
 */
import { parseConfig } from '../server/src/config.ts';
import { BackupError, backupDataDir } from '../server/src/persistence/online-backup.ts';

const USAGE = 'usage: npm run backup -- <backup directory> [--force]   (DATA_DIR names the data to copy)';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const rest = args.filter((a) => a !== '--force');
  if (rest.length !== 1 || rest[0]?.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { dataDir, databaseUrl } = parseConfig(process.env);
  if (databaseUrl !== undefined) {
    // SQLite only: on PostgreSQL the database is PostgreSQL's to back up (pg_dump, or its base
    // backups and WAL archiving); DATA_DIR then holds only the keys, which a file copy saves.
    process.stderr.write(
      'backup: DATABASE_URL is set. npm run backup copies the SQLite database only; back up PostgreSQL with pg_dump (or base backups), and DATA_DIR with a file copy.\n',
    );
    return 1;
  }
  try {
    const result = await backupDataDir({ dataDir, target: rest[0] as string, force });
    process.stdout.write(
      `backup written to ${rest[0]}: ${result.files.join(', ')}; ${result.databaseBytes} bytes of database, ` +
        `schema ${result.schemaVersion}, updates up to #${result.lastUpdateId}, in ${result.ms} ms\n` +
        'To restore: stop the server, copy these files into DATA_DIR (removing taskflow.sqlite-wal and ' +
        'taskflow.sqlite-shm there), start it; or start it with DATA_DIR pointing at a copy of this directory.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`backup: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
