package web

import (
	"context"
	"sync"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

// latestJobsFor is how long the home's newest jobs are served from memory.
// They are public and change only when postings do; reading them costs the
// embedded store a scan and a sort of every job, on every home page.
const latestJobsFor = time.Minute

// homeJobs is how many of the newest jobs the home lists.
const homeJobs = 5

// latestJobs keeps the home's newest jobs for latestJobsFor. It holds no
// seeker's data, so app servers still share nothing but the store.
type latestJobs struct {
	mu      sync.Mutex
	jobs    []domain.Job
	fetched time.Time
}

// get returns the newest jobs, from memory while they are fresh. The fetch
// runs unlocked, so a slow or failing store holds up only its own request.
func (l *latestJobs) get(ctx context.Context, fetch func(context.Context, int) ([]domain.Job, error)) ([]domain.Job, error) {
	l.mu.Lock()
	jobs, fresh := l.jobs, time.Since(l.fetched) < latestJobsFor
	l.mu.Unlock()
	if jobs != nil && fresh {
		return jobs, nil
	}
	jobs, err := fetch(ctx, homeJobs)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.jobs, l.fetched = jobs, time.Now()
	l.mu.Unlock()
	return jobs, nil
}
