// The demo's analytics tag. It may only run after consent to "analytics": it counts its runs in
// a global and sets its declared cookie, onmion_analytics, so tests can see whether it ran.
window.__analyticsRuns = (window.__analyticsRuns || 0) + 1
window.__analyticsOrder = (window.__analyticsOrder || []).concat('src')
document.cookie = 'onmion_analytics=' + Date.now().toString(36) + '; Path=/; Max-Age=' + 60 * 60 * 24 * 390 + '; SameSite=Lax'
