/**
 * The status machine, exhaustively: every side × action × status, against a matrix written out
 * here independently of the module's table, plus the properties that matrix must have.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedActions, CASE_STATUSES, HANDLER_ACTIONS, nextStatus, SUBMITTER_ACTIONS, type CaseAction, type Side } from '../../src/modules/work-orders/index.ts';

type Row = Record<number, number | null>;
const _ = null;
//                 status:   0   1   2   3   4  12  17
const row = (...to: Array<number | null>): Row => Object.fromEntries(CASE_STATUSES.map((s, i) => [s, to[i] ?? null]));

const EXPECTED: Record<Side, Record<string, Row>> = {
  submitter: {
    cancel: row(4, _, _, _, _, _, _),
    close: row(_, 3, 3, _, _, _, 3),
    press: row(0, 1, _, _, _, _, _),
    delete: row(_, _, _, 3, 4, 12, _),
    message: row(0, 1, 1, _, _, _, 1),
    rate: row(_, _, _, 3, _, _, _),
  },
  handler: {
    accept: row(1, _, _, _, _, _, _),
    feedback: row(_, 17, _, _, _, _, _),
    resolve: row(_, 2, _, _, _, _, 2),
    invalidate: row(12, 12, _, _, _, _, 12),
    transfer: row(0, 0, _, _, _, _, 0),
    message: row(1, 1, 2, _, _, _, 17),
  },
};

const ALL_ACTIONS = [...new Set<CaseAction>([...SUBMITTER_ACTIONS, ...HANDLER_ACTIONS])];
const SIDES: Side[] = ['submitter', 'handler'];
const TERMINAL = [3, 4, 12];

describe('work orders: the status table', () => {
  it('matches the expected matrix for every side, action and status', () => {
    let cells = 0;
    for (const side of SIDES) {
      for (const action of ALL_ACTIONS) {
        for (const status of CASE_STATUSES) {
          const expected = EXPECTED[side][action]?.[status] ?? null;
          assert.equal(nextStatus(side, action, status), expected, `${side} ${action} in ${status}`);
          cells++;
        }
      }
    }
    assert.equal(cells, SIDES.length * ALL_ACTIONS.length * CASE_STATUSES.length);
  });

  it("refuses every action of the other side, whatever the status", () => {
    for (const status of CASE_STATUSES) {
      for (const a of HANDLER_ACTIONS.filter((x) => x !== 'message')) assert.equal(nextStatus('submitter', a, status), null);
      for (const a of SUBMITTER_ACTIONS.filter((x) => x !== 'message')) assert.equal(nextStatus('handler', a, status), null);
    }
  });

  it('never leaves a finished ticket: completed, cancelled and invalid only stay as they are', () => {
    for (const side of SIDES) {
      for (const action of ALL_ACTIONS) {
        for (const status of TERMINAL) {
          const to = nextStatus(side, action, status as never);
          assert.ok(to === null || to === status, `${side} ${action} in ${status} -> ${to}`);
        }
      }
    }
    assert.deepEqual(allowedActions('submitter', 3), ['delete', 'rate']);
    assert.deepEqual(allowedActions('submitter', 4), ['delete']);
    assert.deepEqual(allowedActions('handler', 3), []);
  });

  it('lets only the submitter complete or cancel, and only the handler propose, invalidate or ask', () => {
    for (const status of CASE_STATUSES) {
      for (const action of ALL_ACTIONS) {
        const byHandler = nextStatus('handler', action, status);
        const bySubmitter = nextStatus('submitter', action, status);
        if (byHandler !== null && byHandler !== status) assert.ok(![3, 4].includes(byHandler), `handler ${action} in ${status}`);
        if (bySubmitter !== null && bySubmitter !== status) assert.ok(![2, 12, 17].includes(bySubmitter), `submitter ${action} in ${status}`);
      }
    }
  });

  it('gives every open status a way forward for someone, and a way to finish for the submitter', () => {
    for (const status of [0, 1, 2, 17] as const) {
      const moves = SIDES.flatMap((side) => ALL_ACTIONS.map((a) => nextStatus(side, a, status))).filter((to) => to !== null && to !== status);
      assert.ok(moves.length > 0, `stuck in ${status}`);
      const finish = ['cancel', 'close'].map((a) => nextStatus('submitter', a as CaseAction, status)).filter((to) => to !== null && TERMINAL.includes(to));
      assert.ok(finish.length > 0, `the submitter cannot end a ticket in ${status}`);
    }
  });
});
