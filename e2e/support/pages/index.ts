export { AccountSettingsPage, withdrawalNotes } from './account-settings';
export { ActivityPage, cancelName } from './activity';
export { MyPage } from './home';
export { LoginPage } from './login';
export { WithdrawPage, type Withdrawal } from './withdraw';
