package web

import "github.com/gin-gonic/gin"

// routes is the URL table of the design.
func (s *server) routes(r *gin.Engine) {
	r.Use(s.requestLog, s.recoverPanic, s.securityHeaders, s.limitBody)

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/static/*file", s.staticFile)
	if s.TestMode {
		r.POST("/__test/clocks", s.testClockCreate)
		r.GET("/__test/clocks/:id", s.testClockShow)
		r.POST("/__test/clocks/:id/advance", s.testClockAdvance)
		r.POST("/__test/clocks/:id/retention", s.testClockRetention)
		r.POST("/__test/staff/registration-type", s.testStaffRegistrationType)
		if s.CardsDir != "" {
			r.POST("/__test/staff/unlock-card", s.testStaffUnlockCard)
		}
	}

	pages := r.Group("/", s.admit, s.loadSession, s.readPostForm)
	pages.GET("/", s.topShow)
	pages.GET("/jobs", s.jobsList)
	pages.GET("/jobs/:id", s.jobShow)
	pages.GET("/login", s.loginShow)
	pages.POST("/login", s.handle(s.loginCheck))
	pages.GET("/register", s.registerShow)
	pages.POST("/register", s.handle(s.registerSubmit))
	pages.GET("/register/sent", s.registerSent)
	pages.GET("/register/confirm", s.handle(s.registerConfirmShow))
	pages.POST("/register/confirm", s.handle(s.registerConfirmSubmit))
	pages.GET("/password/forgot", s.passwordForgotShow)
	pages.POST("/password/forgot", s.passwordForgotSubmit)
	pages.GET("/password/forgot/sent", s.passwordForgotSent)
	pages.GET("/password/reset", s.handle(s.passwordResetShow))
	pages.POST("/password/reset", s.handle(s.passwordResetSubmit))
	if s.DevMailbox {
		pages.GET("/dev/mailbox", s.devMailbox)
	}
	pages.POST("/logout", s.logout)
	pages.GET("/login/mynaportal", s.requireMyNaPortal, s.myNaPortalStart)
	pages.GET("/auth/mynaportal/callback", s.requireMyNaPortal, s.myNaPortalCallback)
	pages.GET("/reregister", s.reregisterShow)
	pages.POST("/reregister", s.handle(s.reregisterSubmit))
	pages.GET("/withdrawn", s.withdrawnShow)
	pages.POST("/jobs/:id/apply", s.requireSeeker, s.handle(s.applySubmit))
	pages.GET("/mynaportal/link", s.requireMyNaPortal, s.myNaPortalLinkShow)
	pages.POST("/mynaportal/link", s.requireMyNaPortal, s.handle(s.myNaPortalLinkSubmit))
	pages.POST("/mynaportal/link/cancel", s.myNaPortalLinkCancel)

	mypage := pages.Group("/mypage", s.requireSeeker)
	mypage.GET("", s.homeShow)
	mypage.GET("/messages", s.messagesList)
	mypage.GET("/activity", s.activityShow)
	mypage.POST("/applications/:id/cancel", s.handle(s.applicationCancel))
	mypage.GET("/settings", s.settingsShow)
	mypage.GET("/settings/:tab", s.settingsShow)
	mypage.POST("/settings/mynaportal/unlink", s.myNaPortalUnlink)
	mypage.POST("/settings/account/status", s.handle(s.statusChange))
	mypage.POST("/settings/:tab", s.settingsSave)
	mypage.GET("/sessions", s.sessionsList)
	mypage.POST("/sessions/:id/end", s.handle(s.sessionEnd))
	mypage.POST("/sessions/end-others", s.sessionsEndOthers)
	mypage.GET("/sessions/history", s.loginHistoryShow)
	mypage.GET("/withdraw", s.withdrawShow)
	mypage.POST("/withdraw", s.handle(s.withdrawSubmit))

	r.NoRoute(s.admit, s.loadSession, s.notFound)
}
