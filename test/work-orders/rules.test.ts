/** Pure rules: who stands where to a ticket, who answers it, and the small parsers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownershipFor, relationOf, type CaseScope } from '../../src/modules/work-orders/index.ts';
import { parseQueryTime, zoneOffsetMinutes } from '../../src/modules/work-orders/query-time.ts';
import { cleanFileName, extensionOf, fileTypeProblem } from '../../src/modules/work-orders/file-types.ts';
import type { CallerRole } from '../../src/platform/http/caller.ts';

describe('work orders: pure rules', () => {
  const scope = (o: Partial<CaseScope> = {}): CaseScope => ({ customer_id: 'cust', partner_id: 'r1', tier1_id: 'd1', business_ownership: 1, ...o });
  const as = (role: CallerRole, accountId: string) => ({ role, accountId });

  it('relates every kind of caller to a ticket', () => {
    assert.equal(relationOf(as('customer', 'cust'), scope()), 'submitter');
    assert.equal(relationOf(as('customer', 'other'), scope()), null);
    assert.equal(relationOf(as('reseller', 'r1'), scope()), 'handler');
    assert.equal(relationOf(as('partner_operator', 'r1'), scope()), 'handler');
    assert.equal(relationOf(as('reseller', 'r1'), scope({ business_ownership: 0 })), 'viewer');
    assert.equal(relationOf(as('distributor', 'd1'), scope()), 'viewer');
    assert.equal(relationOf(as('distributor', 'd2'), scope()), null);
    assert.equal(relationOf(as('solution_provider', 'sp'), scope()), null);
    assert.equal(relationOf(as('operator', 'op'), scope()), 'viewer');
    assert.equal(relationOf(as('operator', 'op'), scope({ business_ownership: 0 })), 'handler');
    // A partner's own ticket: it submits, nobody above or below it sees it.
    const own = scope({ customer_id: 'r1', partner_id: null, tier1_id: null, business_ownership: 0 });
    assert.equal(relationOf(as('reseller', 'r1'), own), 'submitter');
    assert.equal(relationOf(as('distributor', 'd1'), own), null);
    // A customer id that happens to equal a partner field never lets a customer act as support.
    assert.equal(relationOf(as('customer', 'r1'), scope()), null);
  });

  it('gives the partner only its resale customers\' partner-handled questions', () => {
    assert.equal(ownershipFor({ associationType: 2 }, { partner_may_handle: true }), 1);
    assert.equal(ownershipFor({ associationType: 2 }, { partner_may_handle: false }), 0);
    assert.equal(ownershipFor({ associationType: 1 }, { partner_may_handle: true }), 0);
    assert.equal(ownershipFor({ associationType: null }, { partner_may_handle: true }), 0);
  });

  it('reads query times and zones', () => {
    assert.equal(zoneOffsetMinutes(undefined), 480);
    assert.equal(zoneOffsetMinutes('GMT-05:30'), -330);
    assert.equal(zoneOffsetMinutes('UTC'), 0);
    assert.equal(zoneOffsetMinutes('GMT+15'), null);
    assert.equal(zoneOffsetMinutes('Asia/Shanghai'), null);
    assert.equal(parseQueryTime('2031-03-02 09:00:00', 480, 'start')?.toISOString(), '2031-03-02T01:00:00.000Z');
    assert.equal(parseQueryTime('2031-03-02', 480, 'end')?.toISOString(), '2031-03-02T15:59:59.999Z');
    assert.equal(parseQueryTime('2031-02-30', 0, 'start'), null);
    assert.equal(parseQueryTime('2031-03-02T01:00:00.123Z', 0, 'start')?.toISOString(), '2031-03-02T01:00:00.123Z');
    assert.equal(parseQueryTime('1930000000', 0, 'start')?.toISOString(), new Date(1930000000_000).toISOString());
  });

  it('names and types files safely', () => {
    assert.equal(extensionOf('a.tar.GZ'), 'gz');
    assert.equal(extensionOf('.bashrc'), '');
    assert.equal(cleanFileName('C:\\temp\\shot.png'), 'shot.png');
    assert.equal(cleanFileName('a\u0000b.png'), null);
    assert.equal(cleanFileName('../'), null);
    assert.equal(fileTypeProblem('clip.mp4', Buffer.from('\0\0\0\x18ftypmp42', 'latin1'), ['mp4']), null);
    assert.match(fileTypeProblem('clip.mp4', Buffer.from('not a movie'), ['mp4']) ?? '', /not a \.mp4/);
  });
});
