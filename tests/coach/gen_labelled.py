#!/usr/bin/env python3
"""The source of tests/coach/labelled.json: two companies' OKRs (an English SaaS company, a
Chinese appliance maker) written the way companies write them, with the findings a coach expects
next to each record (L=[...]: hand labels, by the rule definitions of docs/coach.md). It writes
okr interchange documents with weekly check-ins and KPI histories around 2026-05-20.
Usage: python3 tests/coach/gen_labelled.py > tests/coach/labelled.json   (then tests/coach/run.sh)
Not run by the tests: the JSON is what they read."""
import json, re, sys, datetime as dt

NOW = dt.datetime(2026, 5, 20, 12, 0, 0)
Q = {  # cycles: key -> (name, start, end, state)
    'q4': ('2025 Q4', '2025-10-01', '2025-12-31', 'closed'),
    'q1': ('2026 Q1', '2026-01-01', '2026-03-31', 'closed'),
    'q2': ('2026 Q2', '2026-04-01', '2026-06-30', 'active'),
}
ZHQ = {'q4': '2025年第4季度', 'q1': '2026年第1季度', 'q2': '2026年第2季度'}


def ts(d):
    return d.strftime('%Y-%m-%dT%H:%M:%SZ')


def date(s):
    return dt.datetime.strptime(s, '%Y-%m-%d')


class Company:
    def __init__(self, name, zh):
        self.zh = zh
        self.name = name
        self.doc = {'format': 'okr', 'version': 1, 'users': [], 'teams': [], 'themes': [],
                    'cycles': [], 'kpis': [], 'objectives': [], 'requests': []}
        self.labels = []
        self.n = 0
        self.krs = {}

    def key(self, p):
        self.n += 1
        return '%s%d' % (p, self.n)

    def cyc(self, k):
        return ZHQ[k] if self.zh else Q[k][0]

    def label(self, cycle, title, rules):
        for r in rules:
            self.labels.append({'cycle': self.cyc(cycle), 'title': title, 'rule': r})

    def obj(self, cycle, owner, title, L=(), kind='committed', theme=None, parent=None, kpi=None,
            state='active', final=None, postmortem=''):
        o = {'key': self.key('o'), 'cycle': cycle, 'owner': owner, 'title': title, 'kind': kind,
             'theme': theme, 'parent': parent, 'kpi': kpi, 'state': state,
             'final_score': final, 'postmortem': postmortem,
             'created': ts(date(Q[cycle][1]) - dt.timedelta(days=5)), 'key_results': []}
        o['updated'] = o['created']
        self.label(cycle, title, L)
        self.doc['objectives'].append(o)
        return o

    def kr(self, o, title, L=(), owner=None, type='metric', dir='increase', start=0, target=1,
           unit='', due='end', weight=None, pace=1.0, conf=(0.7, 0.7, 0.75), last=None, key=None):
        """pace: progress over the expected line; conf: confidences of the last check-ins;
        last: the date of the last check-in (default: 2 days ago in the active quarter)."""
        cycle = o['cycle']
        cs, ce = date(Q[cycle][1]), date(Q[cycle][2])
        k = {'key': key or self.key('k'), 'owner': owner, 'title': title, 'type': type,
             'direction': dir, 'start': start, 'target': target, 'unit': unit, 'weight': weight,
             'due': (Q[cycle][2] if due == 'end' else due),
             'created': ts(cs - dt.timedelta(days=4))}
        if type == 'milestone':
            k['start'], k['target'] = 0, 1
        self.label(cycle, title, L)
        # Weekly check-ins: to the end of a closed quarter, or up to `last` in the active one.
        closed = Q[cycle][3] != 'active'
        end = ce if closed else (date(last) if last else NOW - dt.timedelta(days=2))
        days = []
        d = end
        while d >= cs + dt.timedelta(days=6):
            days.append(d)
            d -= dt.timedelta(days=7)
        days.reverse()
        checkins = []
        span = (ce - cs).days + 1
        for i, d in enumerate(days):
            expected = min(1.0, ((d - cs).days + 1) / span)
            p = max(0.0, min(1.0, expected * pace))
            if closed and i == len(days) - 1:
                p = max(0.0, min(1.2, pace))
            if type == 'milestone':
                v = 1.0 if p >= 0.999 else round(p, 1)
            else:
                v = round(k['start'] + (k['target'] - k['start']) * p, 2)
            c = conf[max(0, len(conf) - (len(days) - i))] if i >= len(days) - len(conf) else conf[0]
            ci = {'at': ts(d.replace(hour=9)), 'value': v, 'confidence': c}
            if owner:
                ci['author'] = owner
            checkins.append(ci)
        k['checkins'] = checkins
        k['current'] = checkins[-1]['value'] if checkins else k['start']
        k['confidence'] = checkins[-1]['confidence'] if checkins else 0.5
        k['updated'] = checkins[-1]['at'] if checkins else k['created']
        o['key_results'].append(k)
        self.krs[title] = k
        return k

    def write(self):
        return {'name': self.name, 'language': 'zh' if self.zh else 'en',
                'lint': [self.cyc('q2'), self.cyc('q1')], 'document': self.doc,
                'expected': self.labels}


def months_back(values):
    """KPI values for the 12 months before April 2026, oldest first."""
    out = []
    y, m = 2025, 4
    for v in values:
        last = (dt.date(y + (m // 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        out.append({'on': last.isoformat(), 'value': v})
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return out


def base(c, tenant, users, teams, themes, kpis):
    c.doc['tenant'] = tenant
    for key, name, email, mgr in users:
        c.doc['users'].append({'key': key, 'name': name, 'email': email, 'manager': mgr,
                               'role': 'admin' if mgr is None else 'member',
                               'locale': 'zh-CN' if c.zh else 'en',
                               'created': '2025-09-01T09:00:00Z'})
    for key, name, lead, members in teams:
        c.doc['teams'].append({'key': key, 'name': name, 'lead': lead, 'members': members,
                               'created': '2025-09-01T09:00:00Z'})
    for key, title, source, horizon in themes:
        c.doc['themes'].append({'key': key, 'title': title, 'source': source, 'horizon': horizon,
                                'owner': users[0][0], 'created': '2025-09-15T09:00:00Z'})
    for k in ('q4', 'q1', 'q2'):
        name, start, end, state = Q[k]
        c.doc['cycles'].append({'key': k, 'name': c.cyc(k), 'start': start, 'end': end,
                                'kind': 'quarter', 'state': state,
                                'created': '2025-09-20T09:00:00Z'})
    for key, name, unit, team, direction, threshold, values in kpis:
        c.doc['kpis'].append({'key': key, 'name': name, 'unit': unit, 'owner': {'team': team},
                              'direction': direction, 'threshold': threshold,
                              'values': months_back(values), 'created': '2025-03-01T09:00:00Z'})


U = lambda k: {'user': k}
T = lambda k: {'team': k}
CO = {'company': True}
PK = lambda c, title: {'key_result': c.krs[title]['key']}
PO = lambda o: {'objective': o['key']}


def request(c, frm, to, source, state, created, result=None):
    c.doc['requests'].append({'key': c.key('r'), 'from': frm, 'to': to, 'source': source,
                              'state': state, 'created': ts(created), 'updated': ts(created),
                              'result': result})


# =============================================================================== English: SaaS
def english():
    c = Company('Northwind Cloud', False)
    base(c, {'name': 'Northwind Cloud', 'mission': 'Close the books in a day, for every finance team.',
             'vision': 'The finance platform mid-market teams trust.', 'locale': 'en',
             'timezone': 'Asia/Singapore', 'created': '2025-09-01T09:00:00Z'},
         [('ava', 'Ava Morgan', 'ava@northwind.example', None),
          ('ben', 'Ben Carter', 'ben@northwind.example', 'ava'),
          ('cara', 'Cara Singh', 'cara@northwind.example', 'ava'),
          ('dan', 'Dan Okafor', 'dan@northwind.example', 'ava'),
          ('jon', 'Jon Berg', 'jon@northwind.example', 'ava'),
          ('eli', 'Eli Novak', 'eli@northwind.example', 'ben'),
          ('fay', 'Fay Chen', 'fay@northwind.example', 'ben'),
          ('gus', 'Gus Moreau', 'gus@northwind.example', 'cara'),
          ('hana', 'Hana Ito', 'hana@northwind.example', 'cara'),
          ('ivy', 'Ivy Lopez', 'ivy@northwind.example', 'dan'),
          ('kim', 'Kim Park', 'kim@northwind.example', 'jon')],
         [('sales', 'Sales', 'ben', ['eli', 'fay']), ('eng', 'Engineering', 'cara', ['gus', 'hana']),
          ('cs', 'Customer Success', 'dan', ['ivy']), ('people', 'People', 'jon', ['kim'])],
         [('th_arr', 'Grow ARR profitably', 'financial', 'short'),
          ('th_mm', 'Win the mid-market', 'market', 'short'),
          ('th_plat', 'Ship the platform customers asked for', 'business', 'short'),
          ('th_people', 'A team that learns fast', 'capability', 'long'),
          ('th_sg', 'Open the Singapore office', 'other', 'short')],
         [('k_p1', 'P1 incidents', 'incidents', 'eng', 'at_most', 0, [0] * 12),
          ('k_grr', 'Gross revenue retention', '%', 'cs', 'at_least', 90,
           [92, 93, 91.5, 94, 92.8, 93.1, 95, 94.2, 93.6, 92.9, 94.4, 93.3]),
          ('k_attr', 'Monthly voluntary attrition', '%', 'people', 'at_most', 2,
           [1.2, 0.8, 1.5, 1.1, 0.9, 1.7, 1.3, 1.0, 1.4, 1.2, 1.8, 2.6]),
          ('k_up', 'API uptime', '%', 'eng', 'at_least', 99.9,
           [99.95, 99.97, 99.92, 99.99, 99.96, 99.94, 99.98, 99.97, 99.95, 99.99, 99.96, 99.97])])

    # ---- 2025 Q4 (closed): only what C5 reads ----
    o = c.obj('q4', T('cs'), 'Turn onboarding into a product', kind='aspirational', final=1.0,
              theme='th_mm')
    c.kr(o, 'Onboarding playbooks published from 0 to 4', owner='ivy', start=0, target=4, pace=1.0)
    c.kr(o, 'Customers onboarded with a playbook from 20% to 60%', owner='dan', start=20,
         target=60, unit='%', pace=1.0)
    o = c.obj('q4', T('eng'), 'A faster release train', kind='aspirational', final=1.0,
              theme='th_plat')
    c.kr(o, 'Releases per month from 2 to 6', owner='gus', start=2, target=6, pace=1.0)
    c.kr(o, 'Release checklist automated from 30% to 90%', owner='hana', start=30, target=90,
         unit='%', pace=1.0)

    # ---- 2026 Q1 (closed, scored): the previous quarter, also linted ----
    q1c1 = c.obj('q1', CO, 'Build a predictable revenue engine', theme='th_arr', final=0.9,
                 postmortem='New ARR fell short because two enterprise deals slipped; '
                            'we now gate forecasts on signed mutual action plans.')
    c.kr(q1c1, 'New ARR from $1.2M to $1.8M', owner='ben', start=1200, target=1800, unit='$k',
         pace=0.92)
    c.kr(q1c1, 'Net revenue retention from 102% to 106%', owner='dan', start=102, target=106,
         unit='%', pace=0.95)
    q1c2 = c.obj('q1', CO, 'Become the go-to tool for mid-market finance teams', theme='th_mm',
                 kind='aspirational', final=0.7)
    c.kr(q1c2, 'Mid-market logos from 40 to 70', owner='ben', start=40, target=70, pace=0.7)
    c.kr(q1c2, 'Win rate against Ledgerly from 25% to 35%', owner='fay', start=25, target=35,
         unit='%', pace=0.6)
    q1c3 = c.obj('q1', CO, 'Make the platform boringly reliable', theme='th_plat', final=1.0)
    c.kr(q1c3, 'API uptime at least 99.95%', owner='cara', dir='at_least', start=99.9,
         target=99.95, unit='%', pace=1.4)
    c.kr(q1c3, 'Median page load from 2.4s to 1.5s', owner='cara', dir='decrease', start=2.4,
         target=1.5, unit='s', pace=1.0)
    q1s = c.obj('q1', T('sales'), 'Fill the pipeline for Q2', L=['C6'],
                parent=PK(c, 'New ARR from $1.2M to $1.8M'), final=0.6)
    c.kr(q1s, 'Qualified pipeline from $2M to $4M', owner='eli', start=2000, target=4000,
         unit='$k', pace=0.55)
    c.kr(q1s, 'Outbound meetings booked from 30 to 60 per month', owner='fay', start=30,
         target=60, pace=0.5)
    q1e = c.obj('q1', T('eng'), 'Cut the time from merge to production', parent=PO(q1c3),
                final=0.8, postmortem='The new pipeline landed in week 9, not week 5: the '
                                      'security review was booked late.')
    c.kr(q1e, 'Deploy lead time from 5 days to 1 day', owner='gus', dir='decrease', start=5,
         target=1, unit='days', pace=0.75)
    c.kr(q1e, 'Rollbacks per month from 6 to 2', owner='hana', dir='decrease', start=6, target=2,
         pace=0.75)
    q1cs = c.obj('q1', T('cs'), 'Customers see value in their first month', kind='aspirational',
                 parent=PK(c, 'Net revenue retention from 102% to 106%'), final=1.0)
    c.kr(q1cs, 'Activation within 30 days from 55% to 70%', owner='ivy', start=55, target=70,
         unit='%', pace=1.1)
    c.kr(q1cs, 'Onboarding NPS from 30 to 45', owner='dan', start=30, target=45, pace=1.1)
    q1p = c.obj('q1', T('people'), 'Hire the engineers we planned', L=['C6'], theme='th_people',
                final=0.5)
    c.kr(q1p, 'Engineers hired from 0 to 6', owner='kim', start=0, target=6, pace=0.5)
    c.kr(q1p, 'Offer acceptance rate from 60% to 80%', owner='kim', start=60, target=80,
         unit='%', pace=0.5)
    q1eli = c.obj('q1', U('eli'), 'Own the fintech segment', kind='aspirational',
                  parent=PK(c, 'Qualified pipeline from $2M to $4M'), final=0.6)
    c.kr(q1eli, 'Fintech pipeline from $500k to $1.2M', start=500, target=1200, unit='$k',
         pace=0.57)
    c.kr(q1eli, 'Fintech logos from 1 to 4', start=1, target=4, pace=1.0)
    q1gus = c.obj('q1', U('gus'), 'Make builds fast again', parent=PO(q1e), final=1.0)
    c.kr(q1gus, 'CI build time from 25 to 10 minutes', dir='decrease', start=25, target=10,
         unit='minutes', pace=1.07)
    c.kr(q1gus, 'Flaky tests from 40 to 5', dir='decrease', start=40, target=5, pace=1.0)
    q1ivy = c.obj('q1', U('ivy'), 'Every new customer live in two weeks', kind='aspirational',
                  parent=PK(c, 'Activation within 30 days from 55% to 70%'), final=0.7)
    c.kr(q1ivy, 'Time to go-live from 21 to 14 days', dir='decrease', start=21, target=14,
         unit='days', pace=0.85)
    c.kr(q1ivy, 'Hold 12 onboarding webinars', L=['M2'], start=0, target=12, unit='webinars',
         pace=1.0)

    # ---- 2026 Q2 (active) ----
    c.label('q2', 'Northwind Cloud', ['F1'])        # the company has 5 objectives
    c.label('q2', 'Open the Singapore office', ['S3'])
    c.label('q1', 'Open the Singapore office', ['S3'])
    c.label('q2', 'Customer Success', ['C5'])
    c1 = c.obj('q2', CO, 'Grow ARR without burning cash', theme='th_arr')
    c.kr(c1, 'New ARR from $1.8M to $2.6M', owner='ben', start=1800, target=2600, unit='$k')
    c.kr(c1, 'Net revenue retention from 106% to 110%', owner='dan', start=106, target=110,
         unit='%')
    c.kr(c1, 'Burn multiple from 1.6 to 1.2', L=['A2'], owner='ava', dir='decrease', start=1.6,
         target=1.2)
    c2 = c.obj('q2', CO, 'Become the obvious choice for mid-market finance teams', theme='th_mm',
               kind='aspirational')
    c.kr(c2, 'Mid-market logos from 61 to 95', owner='ben', start=61, target=95)
    c.kr(c2, 'Win rate against Ledgerly from 31% to 40%', owner='fay', start=31, target=40,
         unit='%')
    c3 = c.obj('q2', CO, 'Make the platform boringly reliable', theme='th_plat')
    c.kr(c3, 'API uptime at least 99.95%', L=['C1', 'C2'], owner='gus', dir='at_least',
         start=99.97, target=99.95, unit='%')
    c.kr(c3, 'P1 incidents: zero this quarter', L=['C3'], owner='hana', dir='at_most', start=0,
         target=0, unit='incidents')
    c.kr(c3, 'Median page load from 1.5s to 1.0s', owner='cara', dir='decrease', start=1.5,
         target=1.0, unit='s')
    c4 = c.obj('q2', CO, 'Grow a team that learns fast', L=['F3'], theme='th_people',
               kind='aspirational')
    c.kr(c4, 'Managers trained in coaching from 2 to 8', L=['A2'], owner='jon', start=2, target=8,
         weight=0.6)
    c.kr(c4, 'Engagement score from 7.1 to 7.8', owner='kim', start=7.1, target=7.8, weight=0.3)
    c5 = c.obj('q2', CO, 'Tidy up our billing', L=['S1'])
    c.kr(c5, 'Invoices issued late from 12% to 2%', owner='ivy', dir='decrease', start=12,
         target=2, unit='%')
    c.kr(c5, 'Complete the migration to Stripe Billing', L=['M2', 'A2'], owner='cara',
         type='milestone', due='2026-06-15')

    s1 = c.obj('q2', T('sales'), 'Build the pipeline for H2',
               parent=PK(c, 'New ARR from $1.8M to $2.6M'))
    c.kr(s1, 'Qualified pipeline from $2M to $4M', L=['C1'], owner='eli', start=2000,
         target=4000, unit='$k')
    c.kr(s1, 'Outbound meetings booked from 45 to 80 per month', owner='fay', start=45, target=80)
    c.kr(s1, 'Hold 10 customer roundtables', L=['M2', 'A2'], owner='ben', start=0, target=10,
         unit='events')
    s2 = c.obj('q2', T('sales'), 'Own the fintech niche', L=['F2'], parent=PO(c2),
               kind='aspirational')
    for t, o_, a, b in [('Fintech demos from 10 to 30', 'eli', 10, 30),
                        ('Fintech proposals from 4 to 12', 'eli', 4, 12),
                        ('Fintech case studies from 1 to 3', 'fay', 1, 3),
                        ('Fintech partner referrals from 2 to 8', 'fay', 2, 8),
                        ('Fintech win rate from 20% to 30%', 'eli', 20, 30),
                        ('Fintech average deal size from $30k to $40k', 'fay', 30, 40)]:
        c.kr(s2, t, owner=o_, start=a, target=b)
    # Ben: six personal objectives (F1).
    c.label('q2', 'Ben Carter', ['F1'])
    b1 = c.obj('q2', U('ben'), 'Hire two senior AEs', parent=PO(s1))
    c.kr(b1, 'Senior AEs signed from 0 to 2', L=['A2'], start=0, target=2)
    c.kr(b1, 'Time to hire for AEs from 60 to 40 days', owner='fay', dir='decrease', start=60,
         target=40, unit='days')
    b2 = c.obj('q2', U('ben'), 'Clean up the CRM', parent=PO(s1))
    c.kr(b2, 'Opportunities with a next step from 55% to 90%', owner='eli', start=55, target=90,
         unit='%')
    c.kr(b2, 'Duplicate accounts from 800 to 100', owner='fay', dir='decrease', start=800,
         target=100)
    b3 = c.obj('q2', U('ben'), 'Keep the sales team motivated', L=['C4'], parent=PO(s1))
    c.kr(b3, 'Rep eNPS from 20 to 35', L=['A2'], start=20, target=35)
    c.kr(b3, 'Reps with a development plan from 3 to 8', owner='eli', start=3, target=8)
    b4 = c.obj('q2', U('ben'), 'Win the Acme Bank deal', parent=PK(c, 'Mid-market logos from 61 to 95'))
    c.kr(b4, 'Acme Bank contract signed', L=['A2'], type='milestone', due='2026-06-20')
    c.kr(b4, 'Acme Bank POC success criteria met from 2 to 5', owner='fay', start=2, target=5)
    b5 = c.obj('q2', U('ben'), 'Forecast within 10% every month', L=['M3'], parent=PO(s1))
    c.kr(b5, 'Forecast accuracy from 75% to 90%', L=['A2', 'R2'], start=75, target=90, unit='%',
         pace=0.12, conf=(0.75, 0.7, 0.7))
    c.kr(b5, 'Deals with MEDDIC fields complete from 40% to 85%', owner='eli', start=40,
         target=85, unit='%')
    b6 = c.obj('q2', U('ben'), 'A partner channel that brings deals', parent=PO(c2))
    c.kr(b6, 'Partner-sourced pipeline from $200k to $600k', owner='fay', start=200, target=600,
         unit='$k')
    c.kr(b6, 'Reseller agreements signed from 0 to 3', owner='eli', start=0, target=3)

    e1 = c.obj('q2', U('eli'), 'Own the fintech segment', kind='aspirational',
               parent=PK(c, 'Mid-market logos from 61 to 95'))
    c.kr(e1, 'Fintech pipeline from $900k to $1.5M', start=900, target=1500, unit='$k')
    c.kr(e1, 'Fintech logos from 4 to 10', L=['R1'], start=4, target=10, last='2026-04-28')
    f1 = c.obj('q2', U('fay'), 'Beat Ledgerly in head-to-head deals',
               parent=PK(c, 'Win rate against Ledgerly from 31% to 40%'))
    c.kr(f1, 'Win rate against Ledgerly from 31% to 40%', start=31, target=40, unit='%')
    c.kr(f1, 'Deals using the competitive battlecard from 20% to 80%', L=['R2'], start=20,
         target=80, unit='%', pace=0.15, conf=(0.8, 0.8, 0.8))
    f2 = c.obj('q2', U('fay'), 'Answer every inbound lead within the hour', L=['S2'])
    c.kr(f2, 'Median first response time from 6 hours to 1 hour', dir='decrease', start=6,
         target=1, unit='hours')
    c.kr(f2, 'Inbound leads contacted the same day from 70% to 95%', start=70, target=95,
         unit='%', pace=0.2, conf=(0.4, 0.5, 0.8))  # confidence raised only now: not "stayed"
    f3 = c.obj('q2', U('fay'), 'Cold calling blitz', state='dropped')
    c.kr(f3, 'Make 500 cold calls', start=0, target=500)

    eng1 = c.obj('q2', T('eng'), 'Make the app feel instant', kind='aspirational',
                 parent=PK(c, 'Median page load from 1.5s to 1.0s'))
    c.kr(eng1, 'Median page load from 1.5s to 1.0s', owner='gus', dir='decrease', start=1.5,
         target=1.0, unit='s', weight=0.7)
    c.kr(eng1, 'Slow API calls over 1s from 4% to 1%', owner='hana', dir='decrease', start=4,
         target=1, unit='%', weight=0.3)
    eng2 = c.obj('q2', T('eng'), 'Keep the lights on', L=['C4'], parent=PO(c3))
    c.kr(eng2, 'Maintain 99.95% API uptime', L=['C4'], owner='gus', dir='at_least', start=99.9,
         target=99.95, unit='%')
    c.kr(eng2, 'Zero P1 incidents', L=['C3'], owner='hana', dir='at_most', start=0, target=0,
         unit='incidents')
    ca1 = c.obj('q2', U('cara'), 'Grow two tech leads', parent=PO(c4))
    c.kr(ca1, 'Engineers leading a project end to end from 1 to 3', L=['A2'], start=1, target=3)
    c.kr(ca1, 'Design reviews chaired by the new leads from 0% to 50%', owner='gus', start=0,
         target=50, unit='%')
    g1 = c.obj('q2', U('gus'), 'Make builds fast again', parent=PO(eng1))
    c.kr(g1, 'CI build time from 25 to 10 minutes', L=['C1', 'C2'], dir='decrease', start=25,
         target=10, unit='minutes')
    c.kr(g1, 'Flaky tests from 5 to 0', dir='decrease', start=5, target=0)
    h1 = c.obj('q2', U('hana'), 'Ship the reporting API', parent=PO(c3))
    c.kr(h1, 'Launch the reporting API to all customers', L=['M1', 'M2'], type='milestone',
         due=None)
    c.kr(h1, 'Accounts using the reporting API from 0% to 25%', L=['R1'], start=0, target=25,
         unit='%', last='2026-05-01')
    c.kr(h1, 'Reporting API p95 latency from 900ms to 300ms', dir='decrease', start=900,
         target=300, unit='ms', last='2026-05-07')  # 13 days: not yet

    cs1 = c.obj('q2', T('cs'), 'Customers renew because they see value', kind='aspirational',
                parent=PK(c, 'Net revenue retention from 106% to 110%'))
    c.kr(cs1, 'Gross revenue retention at least 90%', L=['C3'], owner='ivy', dir='at_least',
         start=93, target=90, unit='%')
    c.kr(cs1, 'Customers with a success plan from 40% to 75%', owner='ivy', start=40, target=75,
         unit='%')
    c.kr(cs1, 'Onboarding NPS from 47 to 55', owner='dan', start=47, target=55)
    d1 = c.obj('q2', U('dan'), 'Every escalation resolved in a day', L=['S2'])
    c.kr(d1, 'Escalations resolved within 24h from 60% to 90%', owner='ivy', start=60, target=90,
         unit='%')
    c.kr(d1, 'Run a weekly health review with every account manager', L=['M2', 'A2'], start=0,
         target=12, unit='reviews')
    i1 = c.obj('q2', U('ivy'), 'Every new customer live in ten days',
               parent=PK(c, 'Customers with a success plan from 40% to 75%'))
    c.kr(i1, 'Time to go-live from 15 to 10 days', dir='decrease', start=15, target=10,
         unit='days')
    c.kr(i1, 'Hold 12 onboarding webinars', L=['M2', 'C1', 'C2'], start=0, target=12,
         unit='webinars')

    p1 = c.obj('q2', T('people'), 'Hire the engineers we need for H2', parent=PO(c4))
    c.kr(p1, 'Engineers hired from 3 to 8', owner='kim', start=3, target=8)
    c.kr(p1, 'Offer acceptance rate from 70% to 85%', owner='kim', start=70, target=85, unit='%')
    j1 = c.obj('q2', U('jon'), 'Keep attrition under 2% a month', L=['C4', 'M3'], parent=PO(c4))
    c.kr(j1, 'Monthly voluntary attrition at most 2%', L=['C2', 'A2'], dir='at_most', start=1.8,
         target=2, unit='%')
    c.kr(j1, 'Regretted exits from 4 to 1 per quarter', owner='kim', dir='decrease', start=4,
         target=1)
    j2 = c.obj('q2', U('jon'), 'Make onboarding of new hires great', L=['F2'], parent=PO(c4))
    c.kr(j2, 'New hires productive within 30 days from 40% to 70%', owner='kim', start=40,
         target=70, unit='%')
    k1 = c.obj('q2', U('kim'), 'Stronger interview loops',
               parent=PK(c, 'Engineers hired from 3 to 8'))
    c.kr(k1, 'Interviewers certified from 5 to 20', start=5, target=20)
    c.kr(k1, 'Candidate NPS from 20 to 40', start=20, target=40)
    k2 = c.obj('q2', U('kim'), 'Employer brand', L=['F2'], parent=PO(c4), state='draft')
    c.kr(k2, 'Careers page visitors from 2,000 to 5,000 a month', start=2000, target=5000)

    request(c, 'ben', 'eli', PK(c, 'Qualified pipeline from $2M to $4M'), 'pending',
            dt.datetime(2026, 5, 8, 10))
    c.label('q2', 'Qualified pipeline from $2M to $4M', ['A1'])
    request(c, 'dan', 'ivy', PK(c, 'Onboarding NPS from 47 to 55'), 'pending',
            dt.datetime(2026, 5, 17, 10))  # 3 days: fine; and it is asked, so no A2
    request(c, 'ava', 'ben', PK(c, 'New ARR from $1.8M to $2.6M'), 'accepted',
            dt.datetime(2026, 3, 28, 10), result=s1['key'])
    request(c, 'cara', 'hana', PK(c, 'Median page load from 1.5s to 1.0s'), 'declined',
            dt.datetime(2026, 3, 29, 10))
    return c


# ============================================================================ Chinese: appliances
def chinese():
    c = Company('华远家电', True)
    base(c, {'name': '华远家电', 'mission': '让每个家庭用上放心的好电器。', 'vision': '',
             'locale': 'zh-CN', 'timezone': 'Asia/Shanghai', 'created': '2025-09-01T09:00:00Z'},
         [('wang', '王建国', 'wangjianguo@huayuan.example', None),
          ('lina', '李娜', 'lina@huayuan.example', 'wang'),
          ('zhangwei', '张伟', 'zhangwei@huayuan.example', 'wang'),
          ('liuyang', '刘洋', 'liuyang@huayuan.example', 'wang'),
          ('chenjing', '陈静', 'chenjing@huayuan.example', 'zhangwei'),
          ('zhaolei', '赵磊', 'zhaolei@huayuan.example', 'lina'),
          ('sunli', '孙丽', 'sunli@huayuan.example', 'lina'),
          ('zhouqiang', '周强', 'zhouqiang@huayuan.example', 'zhangwei'),
          ('wumin', '吴敏', 'wumin@huayuan.example', 'zhangwei'),
          ('zhenghao', '郑浩', 'zhenghao@huayuan.example', 'chenjing'),
          ('fengxue', '冯雪', 'fengxue@huayuan.example', 'liuyang')],
         [('sales', '销售部', 'lina', ['zhaolei', 'sunli']),
          ('mfg', '制造部', 'zhangwei', ['zhouqiang', 'wumin', 'chenjing']),
          ('qa', '质量部', 'chenjing', ['zhenghao']),
          ('hr', '人力资源部', 'liuyang', ['fengxue'])],
         [('th_profit', '利润率稳步提升', 'financial', 'short'),
          ('th_channel', '拿下三四线城市渠道', 'market', 'short'),
          ('th_plant', '智能工厂二期投产', 'business', 'short'),
          ('th_learn', '打造学习型组织', 'capability', 'long'),
          ('th_abroad', '海外市场试点', 'other', 'long')],
         [('k_safe', '安全事故数', '起', 'mfg', 'at_most', 0, [0] * 12),
          ('k_fpy', '产品一次合格率', '%', 'qa', 'at_least', 98,
           [98.3, 98.6, 98.9, 98.4, 98.7, 99.1, 98.8, 98.5, 98.9, 98.6, 98.8, 98.7]),
          ('k_otd', '订单准时交付率', '%', 'mfg', 'at_least', 95,
           [96, 95.5, 96.2, 95.8, 96.5, 95.9, 96.1, 95.4, 96.3, 95.2, 93.0, 96.4]),
          ('k_attr', '员工流失率', '%', 'hr', 'at_most', 3,
           [2.1, 1.8, 2.4, 2.0, 1.6, 2.2, 2.5, 1.9, 2.3, 2.0, 2.6, 2.2])])
    c.label('q2', '华远家电', ['S4', 'F1'])
    c.label('q1', '华远家电', ['S4'])
    c.label('q2', '海外市场试点', ['S3'])
    c.label('q1', '海外市场试点', ['S3'])

    # ---- 2025年第4季度: what C5 reads ----
    o = c.obj('q4', T('qa'), '让质量问题在出厂前被发现', kind='aspirational', final=1.0,
              theme='th_plant')
    c.kr(o, '出厂检验覆盖率从80%提升到100%', owner='zhenghao', start=80, target=100, unit='%',
         pace=1.0)
    c.kr(o, '客户端质量问题从每月12起降到6起', owner='chenjing', dir='decrease', start=12,
         target=6, unit='起', pace=1.0)

    # ---- 2026年第1季度 (closed) ----
    z1 = c.obj('q1', CO, '守住利润基本盘', L=['C4'], theme='th_profit', final=0.9,
               postmortem='原材料涨价吃掉了2个点的毛利，二季度起锁定铜材的长协价格。')
    c.kr(z1, '营业收入从1.5亿元提升到1.8亿元', owner='lina', start=15000, target=18000,
         unit='万元', pace=0.95)
    c.kr(z1, '毛利率从21%提升到22%', owner='wang', start=21, target=22, unit='%', pace=0.9)
    z2 = c.obj('q1', CO, '在三四线城市打开局面', theme='th_channel', kind='aspirational',
               final=0.7)
    c.kr(z2, '三四线城市活跃经销商从80家增加到120家', owner='lina', start=80, target=120,
         unit='家', pace=0.8)
    c.kr(z2, '经销商满意度从3.5分提升到3.8分', owner='sunli', start=3.5, target=3.8, unit='分',
         pace=1.0)
    z3 = c.obj('q1', CO, '完成智能工厂二期的设备选型', theme='th_plant', final=1.0)
    c.kr(z3, '二期设备完成招标并签订合同', owner='zhangwei', type='milestone',
         due='2026-03-20', pace=1.0)
    c.kr(z3, '关键设备的交付周期从16周缩短到12周', owner='wumin', dir='decrease', start=16,
         target=12, unit='周', pace=1.0)
    zs = c.obj('q1', T('sales'), '渠道下沉带动营收增长', L=['C6'],
               parent=PK(c, '营业收入从1.5亿元提升到1.8亿元'), final=0.8)
    c.kr(zs, '新开发县级经销商从0家增加到25家', owner='zhaolei', start=0, target=25,
         unit='家', pace=0.8)
    c.kr(zs, '组织4次老客户答谢会', L=['M2'], owner='sunli', start=0, target=4, unit='次',
         pace=1.0)
    zq = c.obj('q1', T('qa'), '让客户感受不到质量问题', kind='aspirational',
               parent=PO(z3), final=1.0)
    c.kr(zq, '产品一次合格率从97.5%提升到98.5%', owner='zhenghao', start=97.5, target=98.5,
         unit='%', pace=1.0)
    c.kr(zq, '客诉率从1.2%降到0.8%', owner='chenjing', dir='decrease', start=1.2, target=0.8,
         unit='%', pace=1.0)
    zh_ = c.obj('q1', T('hr'), '关键岗位招得到人', theme='th_learn', final=0.6,
                postmortem='研发岗位薪酬低于市场，三月起调整了薪酬带宽。')
    c.kr(zh_, '关键岗位到岗率从40%提升到60%', owner='fengxue', start=40, target=60, unit='%',
         pace=0.6)
    c.kr(zh_, '平均招聘周期从60天缩短到45天', owner='fengxue', dir='decrease', start=60,
         target=45, unit='天', pace=0.6)
    zl = c.obj('q1', U('zhaolei'), '拿下华中区域的经销商', kind='aspirational',
               parent=PK(c, '三四线城市活跃经销商从80家增加到120家'), final=0.8)
    c.kr(zl, '华中区域签约经销商从8家增加到20家', start=8, target=20, unit='家', pace=1.0)
    c.kr(zl, '华中区域月销售额从300万元提升到500万元', start=300, target=500, unit='万元',
         pace=0.7)

    # ---- 2026年第2季度 (active) ----
    zc1 = c.obj('q2', CO, '实现利润与规模的双增长', theme='th_profit')
    c.kr(zc1, '营业收入从1.8亿元提升到2.3亿元', owner='lina', start=18000, target=23000,
         unit='万元')
    c.kr(zc1, '毛利率从22%提升到25%', L=['A2'], owner='wang', start=22, target=25, unit='%')
    zc2 = c.obj('q2', CO, '让三四线城市的经销商愿意主推我们的产品', theme='th_channel',
                kind='aspirational')
    c.kr(zc2, '三四线城市活跃经销商从120家增加到200家', owner='lina', start=120, target=200,
         unit='家')
    c.kr(zc2, '经销商满意度从3.8分提升到4.3分', owner='sunli', start=3.8, target=4.3, unit='分')
    zc3 = c.obj('q2', CO, '智能工厂二期按期投产', theme='th_plant')
    c.kr(zc3, '二期产线完成安装调试并通过验收', owner='zhangwei', type='milestone',
         due='2026-06-20')
    # The objective attempts something new (phase two): a coach keeps "zero incidents" here.
    c.kr(zc3, '安全事故为零', owner='wumin', dir='at_most', start=0, target=0, unit='起')
    zc4 = c.obj('q2', CO, '打造学习型组织', theme='th_learn', kind='aspirational')
    c.kr(zc4, '完成全员OKR培训', L=['M2', 'A2'], owner='liuyang', type='milestone',
         due='2026-05-31')
    c.kr(zc4, '内部讲师从5人增加到15人', owner='fengxue', start=5, target=15, unit='人')
    zc5 = c.obj('q2', CO, '保持现金流健康', L=['S1', 'C4'])
    c.kr(zc5, '经营性现金流不低于3000万元', L=['C2', 'A2'], dir='at_least', start=3200,
         target=3000, unit='万元')
    c.kr(zc5, '应收账款周转天数从75天降到60天', L=['A2'], owner='lina', dir='decrease',
         start=75, target=60, unit='天')

    zs1 = c.obj('q2', T('sales'), '渠道扩张带动营收增长',
                parent=PK(c, '营业收入从1.8亿元提升到2.3亿元'))
    c.kr(zs1, '销售部营业收入从1.8亿元提升到2.3亿元', owner='zhaolei', start=18000,
         target=23000, unit='万元')
    c.kr(zs1, '新开发县级经销商从25家增加到55家', owner='sunli', start=25, target=55,
         unit='家')
    zs2 = c.obj('q2', T('sales'), '维护好老客户关系', L=['C4'], parent=PO(zc1))
    c.kr(zs2, '老客户复购率从35%提升到45%', owner='sunli', start=35, target=45, unit='%')
    c.kr(zs2, '组织4次老客户答谢会', L=['M2', 'C1', 'C2'], owner='zhaolei', start=0, target=4,
         unit='次')
    ln1 = c.obj('q2', U('lina'), '成为三四线城市渠道的首选品牌', parent=PO(zc2))
    c.kr(ln1, '渠道覆盖的县城从80个增加到150个', owner='zhaolei', start=80, target=150,
         unit='个')
    c.kr(ln1, '县级门店月坪效从1.2万元提升到1.6万元', owner='sunli', start=1.2, target=1.6,
         unit='万元')
    zl1 = c.obj('q2', U('zhaolei'), '拿下华中区域的重点经销商', kind='aspirational',
                parent=PK(c, '三四线城市活跃经销商从120家增加到200家'))
    c.kr(zl1, '华中区域签约经销商从20家增加到45家', L=['R1'], start=20, target=45, unit='家',
         last='2026-04-25')
    c.kr(zl1, '每周拜访经销商不少于5家', L=['M2'], dir='at_least', start=0, target=5,
         unit='家')
    zl2 = c.obj('q2', U('zhaolei'), '本季度个人业绩达到5000万元', L=['S2', 'M3'])
    c.kr(zl2, '个人销售额从3200万元提升到5000万元', L=['R2'], start=3200, target=5000,
         unit='万元', pace=0.1, conf=(0.8, 0.8, 0.8))
    c.kr(zl2, '回款率从85%提升到95%', start=85, target=95, unit='%')
    sl1 = c.obj('q2', U('sunli'), '让经销商更满意', parent=PK(c, '经销商满意度从3.8分提升到4.3分'))
    c.kr(sl1, '经销商满意度从3.8分提升到4.3分', start=3.8, target=4.3, unit='分')
    c.kr(sl1, '经销商投诉处理时长从72小时缩短到24小时', dir='decrease', start=72, target=24,
         unit='小时', pace=0.2, conf=(0.5, 0.4, 0.4))

    zm1 = c.obj('q2', T('mfg'), '二期产线稳定量产', parent=PK(c, '二期产线完成安装调试并通过验收'))
    c.kr(zm1, '二期产线良品率从90%提升到97%', owner='zhouqiang', start=90, target=97, unit='%')
    c.kr(zm1, '产线节拍从60秒缩短到45秒', owner='wumin', dir='decrease', start=60, target=45,
         unit='秒')
    c.kr(zm1, '设备综合效率从65%提升到80%', owner='wumin', start=65, target=80, unit='%')
    zm2 = c.obj('q2', T('mfg'), '稳定生产，守住安全底线', L=['C4'], parent=PO(zc3))
    c.kr(zm2, '本季度安全事故为零', L=['C3'], owner='wumin', dir='at_most', start=0, target=0,
         unit='起')
    c.kr(zm2, '订单准时交付率不低于95%', L=['C2'], owner='zhouqiang', dir='at_least', start=96,
         target=95, unit='%')
    c.label('q2', '张伟', ['F1'])
    zw1 = c.obj('q2', U('zhangwei'), '新产线从第一天起安全运行',
                parent=PK(c, '二期产线完成安装调试并通过验收'))
    c.kr(zw1, '新产线安全事故为零', owner='zhouqiang', dir='at_most', start=0, target=0,
         unit='起')
    c.kr(zw1, '新设备操作人员持证上岗率从60%提升到100%', owner='wumin', start=60, target=100,
         unit='%')
    zw2 = c.obj('q2', U('zhangwei'), '降低单位制造成本', parent=PO(zc1))
    c.kr(zw2, '单台制造成本从420元降到380元', owner='zhouqiang', dir='decrease', start=420,
         target=380, unit='元')
    c.kr(zw2, '单台能耗从3.2度降到2.8度', owner='wumin', dir='decrease', start=3.2, target=2.8,
         unit='度')
    zw3 = c.obj('q2', U('zhangwei'), '提升供应商的交付质量', parent=PO(zc3))
    c.kr(zw3, '来料一次合格率从95%提升到98%', L=['A2'], owner='chenjing', start=95, target=98,
         unit='%')
    c.kr(zw3, '完成10家核心供应商的现场审核', L=['M2', 'A2'], owner='chenjing', start=0,
         target=10, unit='家')
    zw4 = c.obj('q2', U('zhangwei'), '培养两名产线主管', parent=PO(zc4))
    c.kr(zw4, '主管候选人通过认证考核的人数从0人增加到2人', owner='zhouqiang', start=0,
         target=2, unit='人')
    c.kr(zw4, '候选人独立带班的天数从0天增加到20天', owner='wumin', start=0, target=20,
         unit='天')

    zq1 = c.obj('q2', T('qa'), '让客户用得放心', kind='aspirational', parent=PO(zc3))
    c.kr(zq1, '产品一次合格率不低于98%', L=['C3'], owner='zhenghao', dir='at_least', start=98.6,
         target=98, unit='%')
    c.kr(zq1, '客诉率从0.8%降到0.5%', owner='zhenghao', dir='decrease', start=0.8, target=0.5,
         unit='%')
    c.label('q2', '质量部', ['C5'])
    cj1 = c.obj('q2', U('chenjing'), '质量问题100%闭环', L=['M3'], parent=PO(zq1))
    c.kr(cj1, '质量问题闭环率从70%提升到100%', owner='zhenghao', start=70, target=100, unit='%')
    c.kr(cj1, '8D报告的平均完成时间从15天缩短到7天', owner='zhenghao', dir='decrease', start=15,
         target=7, unit='天')
    zhp = c.obj('q2', U('zhouqiang'), '二期产线良品率攻关',
                parent=PK(c, '二期产线良品率从90%提升到97%'))
    c.kr(zhp, '首件检验一次通过率从80%提升到95%', start=80, target=95, unit='%')
    c.kr(zhp, '建立良品率日报', L=['M2'], type='milestone', due='2026-05-10')
    wm1 = c.obj('q2', U('wumin'), '设备零故障', parent=PK(c, '设备综合效率从65%提升到80%'))
    c.kr(wm1, '设备非计划停机从每月20小时降到8小时', dir='decrease', start=20, target=8,
         unit='小时')
    c.kr(wm1, '保持设备点检记录完整', L=['C4'], type='milestone', due='2026-06-30')
    zh1 = c.obj('q2', U('zhenghao'), '来料检验更快', parent=PK(c, '客诉率从0.8%降到0.5%'))
    c.kr(zh1, '来料检验周期从3天缩短到1天', dir='decrease', start=3, target=1, unit='天')
    c.kr(zh1, '检验报告电子化率从40%提升到100%', start=40, target=100, unit='%')

    zhr = c.obj('q2', T('hr'), '招到并留住关键人才', parent=PO(zc4))
    c.kr(zhr, '关键岗位到岗率从60%提升到90%', owner='fengxue', start=60, target=90, unit='%')
    c.kr(zhr, '员工流失率不高于3%', L=['C3'], owner='fengxue', dir='at_most', start=2.5,
         target=3, unit='%')
    ly1 = c.obj('q2', U('liuyang'), '继续完善绩效管理体系', L=['C4'], theme='th_learn')
    c.kr(ly1, '绩效面谈覆盖率从70%提升到100%', owner='fengxue', start=70, target=100, unit='%')
    c.kr(ly1, '推进OKR与绩效考核脱钩', L=['M1', 'M2', 'A2'], type='milestone', due=None)
    fx1 = c.obj('q2', U('fengxue'), '提升招聘效率', parent=PK(c, '关键岗位到岗率从60%提升到90%'))
    c.kr(fx1, '平均招聘周期从45天缩短到30天', dir='decrease', start=45, target=30, unit='天')
    c.kr(fx1, '简历筛选通过率从15%提升到25%', start=15, target=25, unit='%')
    fx2 = c.obj('q2', U('fengxue'), '雇主品牌建设', L=['F2'], parent=PO(zc4), state='draft')
    c.kr(fx2, '招聘公众号粉丝从2000人增加到5000人', start=2000, target=5000, unit='人')

    request(c, 'zhangwei', 'zhouqiang', PK(c, '设备综合效率从65%提升到80%'), 'pending',
            dt.datetime(2026, 5, 5, 10))
    c.label('q2', '设备综合效率从65%提升到80%', ['A1'])
    request(c, 'lina', 'sunli', PK(c, '老客户复购率从35%提升到45%'), 'pending',
            dt.datetime(2026, 5, 16, 10))
    request(c, 'wang', 'lina', PK(c, '营业收入从1.8亿元提升到2.3亿元'), 'accepted',
            dt.datetime(2026, 3, 27, 10), result=zs1['key'])
    return c


def main():
    out = {
        'about': ('OKRs of two companies written the way companies write them (an English SaaS '
                  'company, a Chinese appliance maker), as okr interchange documents, with the '
                  'findings a coach expects, labelled by hand from the rule definitions in '
                  'docs/coach.md. Each expected finding is a (cycle, title, rule): title is the '
                  'title of the objective, key result or theme, or the name of the person, team '
                  'or company the finding is about (a take-on request: its source\'s title). '
                  'tests/coach/run.sh imports each document, runs okr lint --json on the cycles '
                  'listed in "lint" and scores precision and recall per rule family.'),
        'now': ts(NOW),
        'aims': {'precision': 0.9, 'recall': 0.8},
        'companies': [english().write(), chinese().write()],
    }
    text = json.dumps(out, ensure_ascii=False, indent=1)
    # Small records (check-ins, values, labels) on one line each: readable and half the size.
    text = re.sub(r'\{\n\s*([^{}\[\]]*?)\n\s*\}',
                  lambda m: '{' + re.sub(r'\n\s*', ' ', m.group(1)) + '}', text)
    sys.stdout.write(text + '\n')


main()
