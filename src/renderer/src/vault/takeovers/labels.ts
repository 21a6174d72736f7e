import type { AccountSummary } from '../../../../shared/domain/account';
import type { TakeoverState } from '../../../../shared/domain/takeover';
import { displayHandle } from '../accounts/labels';

export const TAKEOVER_STATE_COLORS: Record<TakeoverState, string> = {
  scheduled: 'custodian',
  active: 'grape',
  awaiting_change_back: 'orange',
  closed: 'teal',
  cancelled: 'gray',
};

/** "@handle" when the account is known here, else main's label ("@handle (Platform)"). */
export function accountName(account: AccountSummary | undefined, label: string): string {
  return account ? displayHandle(account.platform, account.handle) : label;
}
