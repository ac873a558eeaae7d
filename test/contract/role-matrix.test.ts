/**
 * Every operation of the contract, called by every caller role, signed by the official signer.
 * A role the policy admits must get past the role check (whatever the handler then says); a role
 * it refuses gets exactly 403 CBC.0151. Requests are built from each operation's own schemas.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS, type OperationName } from '../../src/contract/generated/operations.ts';
import { OPERATION_AUDIENCE, roleMayCall } from '../../src/contract/policy.ts';
import { implementedOperations } from '../../src/contract/handlers.ts';
import { CALLER_ROLES, type CallerRole } from '../../src/platform/http/caller.ts';
import { createCallerDirectory } from '../../src/modules/identity/index.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf } from '../support/sdk.ts';
import { CALLER_ACTORS, callOperation, type PartnerType } from '../support/contract.ts';

const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

describe('the role matrix: every operation × every caller role', () => {
  let t: TestApp;
  const implemented = new Set(implementedOperations());
  const cells = { allowed: 0, denied: 0 };

  before(async () => {
    t = await startTestApp();
  });
  after(async () => t?.close());

  it('covers the 91 operations of the contract and every caller role', () => {
    assert.equal(OPERATION_NAMES.length, 91);
    assert.deepEqual(Object.keys(OPERATION_AUDIENCE).sort(), [...OPERATION_NAMES].sort());
    assert.deepEqual(CALLER_ACTORS.map((r) => r.role).sort(), [...CALLER_ROLES].sort());
    for (const name of implemented) assert.ok(name in OPERATIONS, `handler for unknown operation ${name}`);
  });

  it('uses demo actors whose credentials resolve to the role and partner type of the matrix', async () => {
    const directory = createCallerDirectory(t.deps);
    for (const { role, actor, partnerType } of CALLER_ACTORS) {
      const entry = await directory.byAccessKey(demoActor(actor).access);
      assert.ok(entry, `${actor} has an active access key`);
      assert.equal(entry.caller.role, role, `${actor} signs in as ${role}`);
      assert.equal(entry.caller.partnerType ?? null, partnerType, `${actor}'s partner type`);
    }
  });

  for (const operation of OPERATION_NAMES) {
    it(`${operation} (${OPERATION_AUDIENCE[operation]})`, async () => {
      const outcomes = await Promise.all(CALLER_ACTORS.map((r) => callOperation(t.url, credsOf(demoActor(r.actor)), operation)));
      CALLER_ACTORS.forEach(({ role, partnerType }, i) => {
        const got = outcomes[i]!;
        const cell = `${operation} as ${role}: ${got.status} ${got.errorCode ?? ''} ${got.errorMsg ?? ''}`;
        if (!roleMayCall(operation, role, partnerType)) {
          cells.denied++;
          assert.equal(got.status, 403, cell);
          assert.equal(got.errorCode, 'CBC.0151', cell);
          return;
        }
        cells.allowed++;
        assert.notEqual(got.status, 401, cell);
        assert.ok(!(got.status === 403 && got.errorCode === 'CBC.0151'), cell);
        assert.notEqual(got.status, 429, cell);
        if (implemented.has(operation)) {
          // Dummy ids name nothing: a handler may refuse them, but must not fail on them.
          assert.ok(got.status < 500, cell);
        } else {
          // The request passed authentication, the role check and validation: only the handler is missing.
          assert.equal(got.status, 501, cell);
          assert.equal(got.errorCode, 'PBSS.0501', cell);
          assert.match(got.errorMsg ?? '', new RegExp(`\\b${operation}\\b`), cell);
        }
      });
    });
  }

  it('called every cell of the matrix', (ctx) => {
    ctx.diagnostic(`cells: ${cells.allowed + cells.denied} (${cells.allowed} allowed, ${cells.denied} denied); implemented operations: ${implemented.size}`);
    assert.equal(cells.allowed + cells.denied, OPERATION_NAMES.length * CALLER_ACTORS.length);
    assert.ok(cells.allowed > 0 && cells.denied > 0);
  });
});

/** Written from brief §1.4 by hand, independently of policy.ts, so the two can disagree. */
describe('roleMayCall agrees with brief §1.4 spot checks', () => {
  const ALL: CallerRole[] = [...CALLER_ROLES];
  const partnerTypeOf = (role: CallerRole): PartnerType => CALLER_ACTORS.find((r) => r.role === role)!.partnerType;
  const expectExactly = (operation: OperationName, allowed: CallerRole[]) => {
    for (const role of ALL) {
      assert.equal(roleMayCall(operation, role, partnerTypeOf(role)), allowed.includes(role), `${operation} as ${role}`);
    }
  };

  it('tier-1-only operations: the distributor and its operators', () => {
    for (const op of ['update_indirect_partner_account', 'reclaim_indirect_partner_account', 'list_indirect_partners', 'update_coupon_quotas', 'list_coupon_quotas_records'] as const) {
      expectExactly(op, ['distributor', 'partner_operator']);
      assert.equal(roleMayCall(op, 'partner_operator', 'solution_provider'), false, `${op}: a solution provider's operator`);
      assert.equal(roleMayCall(op, 'partner_operator', 'reseller'), false, `${op}: a reseller's operator`);
    }
  });

  it('customer-only operations: customers, never partners or partner operators', () => {
    for (const op of ['pay_orders', 'cancel_resources_subscription', 'renewal_resources', 'show_customer_account_balances', 'list_costs', 'create_sub_enterprise_account'] as const) {
      expectExactly(op, ['customer']);
    }
  });

  it('partner-only operations: never the operator or a customer', () => {
    for (const op of ['create_sub_customer', 'check_user_identity', 'update_customer_account_amount', 'create_partner_coupons', 'list_subcustomer_monthly_bills'] as const) {
      for (const role of ['solution_provider', 'distributor', 'partner_operator'] as const) assert.ok(roleMayCall(op, role, partnerTypeOf(role)), `${op} as ${role}`);
      assert.equal(roleMayCall(op, 'customer', null), false, `${op} as customer`);
      assert.equal(roleMayCall(op, 'operator', null), false, `${op} as operator`);
    }
  });

  it('partner-or-customer operations: partners and customers, not the operator', () => {
    for (const op of ['list_customer_orders', 'show_customer_order_details', 'show_refund_order_details', 'list_sub_customer_coupons'] as const) {
      expectExactly(op, ['solution_provider', 'distributor', 'reseller', 'partner_operator', 'customer']);
    }
  });

  it('catalog queries are open to every authenticated caller', () => {
    for (const op of ['list_service_types', 'list_resource_types', 'list_measure_units', 'list_provinces', 'list_cities', 'list_counties'] as const) {
      expectExactly(op, ALL);
    }
  });
});
