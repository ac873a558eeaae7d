import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { advanceClock, clockState, setClock } from './clock-settings.ts';
import { demoCredentials, hasDemoData } from './seed-demo.ts';

const ClockState = Type.Object({ now: Type.String(), offset_ms: Type.Number(), mode: Type.String() }, { title: 'ClockState' });
const SetClockBody = Type.Object({ now: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const AdvanceBody = Type.Object(
  {
    seconds: Type.Optional(Type.Integer({ minimum: 1 })),
    days: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/** Clock control (operators, sandbox mode) and the demo credentials (sandbox mode). */
export function registerSandboxRoutes(app: FastifyInstance, deps: Deps, guards: Guards, endpoint: () => string): void {
  const tags = ['Operator: sandbox clock'];
  app.get(
    '/operator/v1/clock',
    { schema: { tags, summary: 'Business time as the platform sees it', response: { 200: ClockState, ...OperatorError } }, preValidation: guards.operatorOnly },
    async () => clockState(deps),
  );
  app.put<{ Body: Static<typeof SetClockBody> }>(
    '/operator/v1/clock',
    {
      schema: { tags, summary: 'Set business time (forward only; sandbox mode)', body: SetClockBody, response: { 200: ClockState, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => setClock(deps, new Date(request.body.now)),
  );
  app.post<{ Body: Static<typeof AdvanceBody> }>(
    '/operator/v1/clock/advance',
    {
      schema: { tags, summary: 'Advance business time by seconds and/or days (sandbox mode)', body: AdvanceBody, response: { 200: ClockState, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => {
      const seconds = (request.body.seconds ?? 0) + (request.body.days ?? 0) * 86400;
      if (seconds <= 0) throw new AppError('PBSS.0400', 'give seconds or days');
      return advanceClock(deps, seconds);
    },
  );
  app.get(
    '/sandbox/v1/credentials',
    { schema: { tags: ['Sandbox'], summary: "The demo actors' well-known ids, keys and passwords (sandbox mode)" } },
    async () => {
      if (deps.mode !== 'sandbox' || !(await hasDemoData(deps))) throw new AppError('PBSS.0404', 'no demo data here');
      return demoCredentials(endpoint());
    },
  );
}
