import type { RealnameApplication } from './realname.repo.ts';

/** The operator's view of a real-name application. */
export interface RealnameReview {
  id: string;
  customer_id: string;
  partner_id: string;
  kind: string;
  verified_type: number;
  identify_type: number;
  document_type: number | null;
  name: string;
  verified_number: string;
  details: Record<string, unknown>;
  attachments: number;
  status: 'in_review' | 'rejected' | 'approved';
  is_review: number;
  opinion: string | null;
  decided_by: string | null;
  submitted_at: string;
  decided_at: string | null;
}

const STATUS_OF = ['in_review', 'rejected', 'approved'] as const;
export const RESULT_OF: Record<string, number> = { in_review: 0, rejected: 1, approved: 2 };

export function toReview(a: RealnameApplication): RealnameReview {
  return {
    id: a.id,
    customer_id: a.customer_id,
    partner_id: a.partner_id,
    kind: a.kind,
    verified_type: a.verified_type,
    identify_type: a.identify_type,
    document_type: a.document_type,
    name: a.name,
    verified_number: a.verified_number,
    details: JSON.parse(a.details) as Record<string, unknown>,
    attachments: (JSON.parse(a.files) as string[]).length,
    status: STATUS_OF[a.review_result]!,
    is_review: a.is_review,
    opinion: a.opinion,
    decided_by: a.decided_by,
    submitted_at: a.submitted_at,
    decided_at: a.decided_at,
  };
}

