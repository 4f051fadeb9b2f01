/**
 * The access audit (issue 14, "who looked at this person's record?"): one row of
 * {@code access_audit} for every read of personal data and every change made through the staff
 * API, the pages and the one-tap links: who (a staff account, a source's key, a page's link), when,
 * what record, which fields or for what, and from where (the client's address; behind a proxy named
 * in {@code doorway.trusted-proxies}, the forwarded one).
 *
 * <p>{@link org.doorway.audit.AuditFilter} writes the row once per request, after the handler
 * answered and before the answer leaves: a read that cannot be recorded is not shown. Which routes
 * are reads of personal data, and what they show, is {@link org.doorway.audit.AuditedRoutes}; a
 * handler may add what only it knows through {@link org.doorway.audit.AccessAudit}'s request
 * attributes (the view it chose, the link that opened it). The table is append-only for the
 * application (a trigger refuses {@code UPDATE}, {@code DELETE} and {@code TRUNCATE}; see
 * {@code V36__access_audit.sql} for the retention hook).
 *
 * <p>Administrators read their site's audit ({@link org.doorway.audit.AuditApi}: {@code GET
 * /api/v1/audit}, {@code GET /admin/audit} and its CSV); nobody else does.
 */
@OwnsTables("access_audit")
package org.doorway.audit;

import org.doorway.system.OwnsTables;
