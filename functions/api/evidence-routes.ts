/**
 * The evidence pack of one award (CONTRACT §3, version 2): everything that justifies its payment, in one answer. Who
 * may read the award may read its pack (an auditor; an officer or approver of its jurisdiction); the pack shows
 * identity and account numbers masked to all of them, because it is a document meant to be handed around.
 */
import { evidencePack } from '../../shared/app/evidence/pack';
import type { ApiDeps } from './deps';
import { type Handler, HttpError, allow, json } from './http';
import type { EvidenceRoute } from '../../shared/contract/routes';
import type { Exact } from '../../shared/contract/common';
import type { EvidencePackAnswer } from '../../shared/contract/answers/evidence';
import type { EvidencePack } from '../../shared/domain/evidence';

export function evidenceRoutes(deps: ApiDeps): Record<EvidenceRoute, Handler> {
  return {
    'GET /awards/{awardId}/evidence': async (event, principal) => {
      const awardId = event.pathParameters?.awardId ?? '';
      // An unknown award answers 404 before anyone is asked who they are allowed to be, as GET /awards/{awardId} does.
      const award = await deps.store.getAward(awardId);
      if (award === null) throw new HttpError('NOT_FOUND', `no award ${awardId}`);
      allow(principal, { kind: 'read-award', jurisdiction: award.jurisdiction });
      return json(200, await evidencePack(deps, award, { now: new Date(), requestedBy: principal.user }));
    },
  };
}

// The contract's pack is the domain's, field for field (proved here: the domain's module does not load in the browser).
const _answerIsTheContracts: Exact<EvidencePackAnswer, EvidencePack> = true;
