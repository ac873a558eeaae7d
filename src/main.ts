import { Command, Option } from 'commander';
import { configFrom, withConfigFlags } from './cli/config-flags.ts';
import { serve } from './cli/serve.ts';
import { registerAdminCommands } from './cli/admin-commands.ts';

/**
 * Composition root and CLI. Every flag has the name of its environment variable in kebab case
 * (`--database-url` ↔ `DATABASE_URL`); a flag wins over the environment.
 */
const program = new Command('partner-bss').description('Partner BSS for multi-tier cloud resale').showHelpAfterError();

withConfigFlags(program.command('serve').description('start the server (default command of npm start)'))
  .addOption(new Option('--port <port>', 'PORT, default 8080'))
  .addOption(new Option('--host <host>', 'HOST, default 127.0.0.1'))
  .addOption(new Option('--rate-limit-per-second <n>', 'RATE_LIMIT_PER_SECOND, 0 turns flow control off'))
  .addOption(new Option('--public-url <url>', 'PUBLIC_URL'))
  .addOption(new Option('--workers <n>', 'WORKERS: server processes sharing the port, or auto (one per CPU); default 1'))
  .addOption(new Option('--no-demo', 'do not seed the demo actors (DEMO=false)'))
  .action(async (opts: Record<string, unknown>) => {
    // commander sets demo=true by default for a --no-demo option; only pass it when turned off.
    if (opts.demo === true) delete opts.demo;
    await serve(configFrom(opts));
  });

registerAdminCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`partner-bss: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
