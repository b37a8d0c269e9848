package mail

import (
	"context"
	"net/url"
	"strings"
)

// The mails of My Page. Each is short Japanese plain text; links are
// absolute on the public URL, and following one only shows a page (mail
// scanners open links): a button on that page does the change.

const signature = `
――――――――――――――――――――――――――――――
ハローワークインターネットサービス 求職者マイページ
このメールは送信専用のアドレスから送信しています。返信いただいてもお答えできません。
お心当たりのない場合は、このメールを破棄してください。
――――――――――――――――――――――――――――――
`

const subjectPrefix = "【ハローワークインターネットサービス】"

func (o *Outbox) send(ctx context.Context, kind, to, subject string, lines ...string) error {
	return o.Send(ctx, Message{Kind: kind, To: to, Subject: subjectPrefix + subject,
		Body: strings.Join(lines, "\n") + "\n" + signature})
}

func tokenLink(o *Outbox, path, token string) string {
	return o.Link(path + "?token=" + url.QueryEscape(token))
}

// SendConfirmation is the 仮登録 mail: the link that opens the My Page.
func (o *Outbox) SendConfirmation(ctx context.Context, to, token string) error {
	return o.send(ctx, "confirm", to, "求職者マイページ開設のご案内（仮登録）",
		"求職者マイページ開設のお申し込みを受け付けました（仮登録）。",
		"",
		"次のリンクを開き、表示される画面の「求職者マイページを開設する」ボタンを押して、開設を完了してください。",
		"",
		tokenLink(o, "/register/confirm", token),
		"",
		"・このリンクの有効期限は24時間です。一度使用すると無効になります。",
		"・有効期限が切れた場合は、お手数ですが、求職者マイページ開設の画面からもう一度お申し込みください。",
		"  "+o.Link("/register"),
	)
}

// SendAlreadyRegistered answers a registration for an address that has a
// My Page: nothing is opened, and the owner is told how to get in.
func (o *Outbox) SendAlreadyRegistered(ctx context.Context, to string) error {
	return o.send(ctx, "registered", to, "求職者マイページ開設のお申し込みについて",
		"このメールアドレスで求職者マイページ開設のお申し込みがありましたが、",
		"このメールアドレスの求職者マイページは既に開設されています。新たに開設する必要はありません。",
		"",
		"■ログイン",
		o.Link("/login"),
		"",
		"■パスワードをお忘れの方（パスワード再設定）",
		o.Link("/password/forgot"),
		"",
		"マイページを退会した方は、退会後30日以内であれば、ログイン画面の「アカウント再登録」から以前のメールアドレスとパスワードで利用を再開できます。",
		o.Link("/reregister"),
		"",
		"お申し込みにお心当たりのない場合は、このメールを破棄してください。求職者マイページに変更はありません。",
	)
}

// SendPasswordReset is the パスワード再設定 mail.
func (o *Outbox) SendPasswordReset(ctx context.Context, to, token string) error {
	return o.send(ctx, "reset", to, "パスワード再設定のご案内",
		"求職者マイページのパスワード再設定のお申し込みを受け付けました。",
		"",
		"次のリンクを開き、新しいパスワードを設定してください。",
		"",
		tokenLink(o, "/password/reset", token),
		"",
		"・このリンクの有効期限は1時間です。一度使用すると無効になります。",
		"・有効期限が切れた場合は、もう一度お申し込みください。",
		"  "+o.Link("/password/forgot"),
		"・パスワードを再設定すると、ログイン中のすべての端末でログアウトします。",
		"",
		"お申し込みにお心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。",
	)
}

// SendResetWithdrawn answers パスワード再設定 for a withdrawn account.
func (o *Outbox) SendResetWithdrawn(ctx context.Context, to string) error {
	return o.send(ctx, "reset-withdrawn", to, "パスワード再設定のお申し込みについて",
		"このメールアドレスでパスワード再設定のお申し込みがありましたが、",
		"このメールアドレスの求職者マイページは退会済みのため、パスワードを再設定できません。",
		"",
		"・マイページ退会後30日以内であれば、ログイン画面の「アカウント再登録」から、利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。",
		"  "+o.Link("/reregister"),
		"・マイページ退会後31日以上経過している場合、ハローワークの窓口を利用している方は、最寄りのハローワークまでお越しください。",
		"・ハローワークの窓口を利用していない方（オンライン登録者）は、ハローワークにお越しいただくと、以前登録していた求職情報を活用してマイページの開設手続きを行うことができます。ハローワークにお越しにならない場合は、改めてアカウント（メールアドレスとパスワード）と求職情報を登録し直してください。",
		"  "+o.Link("/register"),
	)
}

// SendPasswordChanged tells the owner that the password was changed.
func (o *Outbox) SendPasswordChanged(ctx context.Context, to string) error {
	return o.send(ctx, "password-changed", to, "パスワードを再設定しました",
		"求職者マイページのパスワードを再設定しました。",
		"ログイン中だったすべての端末でログアウトしました。新しいパスワードでログインしてください。",
		"",
		o.Link("/login"),
		"",
		"この操作にお心当たりのない場合は、第三者がメールアドレスを使用している可能性があります。",
		"すぐにパスワード再設定を行い、最寄りのハローワークにご相談ください。",
		o.Link("/password/forgot"),
	)
}

// SendNewDevice tells the owner that the account was signed in to from a
// device and browser it had not used (as ログイン履歴 knows them), at when.
func (o *Outbox) SendNewDevice(ctx context.Context, to, device, when string) error {
	return o.send(ctx, "new-device", to, "新しい端末からのログインのお知らせ",
		"求職者マイページに、これまでご利用のない端末からログインがありました。",
		"",
		"日時："+when,
		"端末："+device,
		"",
		"ご本人の操作であれば、このメールへの対応は不要です。",
		"お心当たりのない場合は、ログイン中の端末を確認してログアウトさせ、パスワードを再設定してください。",
		o.Link("/mypage/sessions"),
		o.Link("/password/forgot"),
	)
}

// SendWithdrawn is the 退会完了 mail, with the notes of the manual.
func (o *Outbox) SendWithdrawn(ctx context.Context, to string) error {
	return o.send(ctx, "withdrawn", to, "求職者マイページ退会完了のお知らせ",
		"求職者マイページの退会手続きを完了しました。",
		"",
		"〈留意点〉",
		"・求職状態が「無効」になってから5年経過すると、マイページ上のすべてのデータが自動消滅されます。",
		"・マイページ退会後30日以内であれば、ログイン画面（「アカウント再登録」ボタン）から利用していたログインアカウント（メールアドレスとパスワード）を入力することで、マイページの利用を再開できます。",
		"  "+o.Link("/reregister"),
		"・マイページ退会後31日以上経過している場合、再度マイページを利用するには、新たにマイページ開設の手続きを行っていただく必要があります。",
		"",
		"この操作にお心当たりのない場合は、最寄りのハローワークにご相談ください。",
	)
}

// SendLinked tells the owner that MyNaPortal now signs in to the My Page.
func (o *Outbox) SendLinked(ctx context.Context, to string) error {
	return o.send(ctx, "linked", to, "マイナポータルとの連携のお知らせ",
		"求職者マイページとマイナポータルを連携しました。",
		"今後は「マイナポータルでログイン」からもログインできます。",
		"",
		"連携は、ログイン後の「求職者情報・設定」の「各種設定」から解除できます。",
		o.Link("/mypage/settings/account"),
		"",
		"この操作にお心当たりのない場合は、すぐにログインして連携を解除し、パスワードを再設定してください。",
		o.Link("/password/forgot"),
	)
}

// SendUnlinked tells the owner that the MyNaPortal link was removed.
func (o *Outbox) SendUnlinked(ctx context.Context, to string) error {
	return o.send(ctx, "unlinked", to, "マイナポータルとの連携解除のお知らせ",
		"求職者マイページとマイナポータルの連携を解除しました。",
		"今後、マイナポータルからはこの求職者マイページにログインできません。メールアドレスとパスワードでログインしてください。",
		"",
		o.Link("/login"),
		"",
		"この操作にお心当たりのない場合は、パスワードを再設定してください。",
		o.Link("/password/forgot"),
	)
}
