/** The evidence pack of one award, printable (issue 14): being built. */
import { t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';

export function EvidencePage({ config, session, awardId }: PageProps & { awardId: string }) {
  return <Layout config={config} session={session} current="/queue" title={t('nav.evidence')}><p>{awardId}</p></Layout>;
}
