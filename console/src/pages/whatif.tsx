/** What-if over real history (issue 14): being built. */
import { t } from '../i18n';
import { Layout } from '../layout';
import type { PageProps } from '../page';

export function WhatIfPage({ config, session }: PageProps) {
  return <Layout config={config} session={session} current="/whatif" title={t('nav.whatif')}><p /></Layout>;
}
