import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';

export type Authenticate = (request: FastifyRequest) => Promise<Caller>;

/** Guards for the planes beside the partner API: any signed-in caller, or operators only. */
export interface Guards {
  authenticate: Authenticate;
  anyCaller: preValidationHookHandler;
  operatorOnly: preValidationHookHandler;
}

export function createGuards(authenticate: Authenticate): Guards {
  return {
    authenticate,
    anyCaller: async (request) => {
      request.caller = await authenticate(request);
    },
    operatorOnly: async (request) => {
      const caller = await authenticate(request);
      request.caller = caller;
      if (caller.role !== 'operator') throw new AppError('CBC.0151', 'access denied: operators only');
    },
  };
}
