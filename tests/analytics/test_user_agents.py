"""What the counter counts: real browsers yes (Vietnamese readers' browsers
included), bots, monitors, scanners and HTTP tools no, 304 answers no; and one
address rotating its User-Agent without cookies cannot make more visitors than
the hourly cap allows (analytics/visitors.py, analytics/middleware.py)."""

import time

import pytest
from django.test import Client

from analytics import visitors
from bulletins.models import Article
from tests.factories import make_article

from .helpers import stored_totals

pytestmark = pytest.mark.django_db

PAGE = "/lien-he/"

# The finding's list, then the tools and crawlers counted out before.
BOTS = {
    "GoogleOther": "GoogleOther",
    "GoogleOther-mobile": (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.6099.71 Mobile Safari/537.36 "
        "(compatible; GoogleOther)"
    ),
    "Google-InspectionTool": "Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)",
    "Mediapartners-Google": "Mediapartners-Google",
    "WhatsApp": "WhatsApp/2.23.20.0",
    "Apache-HttpClient": "Apache-HttpClient/4.5.14 (Java/17.0.8)",
    "node": "node",
    "undici": "undici",
    "Postman": "PostmanRuntime/7.36.0",
    "Nikto": "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)",
    "sqlmap": "sqlmap/1.7.11#stable (https://sqlmap.org)",
    "Nuclei": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/119.0 Safari/537.36 Nuclei - Open-source project "
        "(github.com/projectdiscovery/nuclei)"
    ),
    "Zabbix": "Zabbix",
    "kube-probe": "kube-probe/1.28",
    "ELB-HealthChecker": "ELB-HealthChecker/2.0",
    "GoogleHC": "GoogleHC/1.0",
    "Prometheus": "Prometheus/2.48.0",
    "Blackbox": "Blackbox Exporter/0.24.0",
    "Datadog": "Datadog Agent/7.49.1",
    "StatusCake": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/117.0 Safari/537.36 StatusCake"
    ),
    "Site24x7": "Site24x7",
    "HTTrack": "Mozilla/4.5 (compatible; HTTrack 3.0x; Windows 98)",
    "curl": "curl/8.5.0",
    "wget": "Wget/1.21.4",
    "python-requests": "python-requests/2.31.0",
    "python-urllib": "Python-urllib/3.11",
    "aiohttp": "Python/3.11 aiohttp/3.9.1",
    "httpx": "python-httpx/0.25.2",
    "Go": "Go-http-client/1.1",
    "okhttp": "okhttp/4.12.0",
    "libwww-perl": "libwww-perl/6.72",
    "axios": "axios/1.6.2",
    "wrk": "wrk",
    "ApacheBench": "ApacheBench/2.3",
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "coccocbot": "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/)",
    "facebookexternalhit": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "HeadlessChrome": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/120.0.0.0 Safari/537.36"
    ),
    "UptimeRobot": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Lighthouse": (
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse"
    ),
    "GPTBot": (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
        "+https://openai.com/gptbot)"
    ),
    "empty": "",
    "blank": "   ",
}

BROWSERS = {
    "Chrome": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/120.0.0.0 Safari/537.36"
    ),
    "Firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Safari iPhone": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
    ),
    "Coc Coc": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) coc_coc_browser/117.0.228 Chrome/111.0.5563.228 Safari/537.36"
    ),
    "Coc Coc Android": (
        "Mozilla/5.0 (Linux; Android 10; SM-A505F) AppleWebKit/537.36 (KHTML, like "
        "Gecko) coc_coc_browser/113.0.244 Mobile Chrome/107.0.5304.244 Mobile "
        "Safari/537.36"
    ),
    "Zalo Android": (
        "Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 "
        "Mobile Safari/537.36 Zalo android/12100650 ZaloTheme/light ZaloLanguage/vi"
    ),
    "Zalo iOS": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Zalo iOS/23.11.01 ZaloTheme/light "
        "ZaloLanguage/vi"
    ),
    "Facebook Android": (
        "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 "
        "Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/443.0.0.33.118;]"
    ),
    "Facebook iOS": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;"
        "FBSN/iOS;FBSV/17.1.2;FBSS/3;FBID/phone;FBLC/vi_VN;FBOP/5;FBRV/0]"
    ),
    "Messenger iOS": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/436.0.0.36.116;"
        "FBBV/520233219;FBDV/iPhone12,1;FBMD/iPhone;FBSN/iOS;FBSV/16.0;FBSS/2;FBCR/;"
        "FBID/phone;FBLC/vi;FBOP/5]"
    ),
    "old Android 4": (
        "Mozilla/5.0 (Linux; U; Android 4.0.3; vi-vn; GT-I9100 Build/IML74K) "
        "AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30"
    ),
    "old Android 2.3": (
        "Mozilla/5.0 (Linux; U; Android 2.3.6; en-us; Nexus S Build/GRK39F) "
        "AppleWebKit/533.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/533.1"
    ),
    "UC Browser": (
        "Mozilla/5.0 (Linux; U; Android 9; vi-VN; Redmi Note 7 Build/PKQ1.180904.001) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 "
        "UCBrowser/13.4.0.1306 Mobile Safari/537.36"
    ),
    "UC Browser old": (
        "UCWEB/2.0 (MIDP-2.0; U; Adr 4.4.4; vi; SM-G530H) U2/1.0.0 UCBrowser/10.9.0.946 "
        "U2/1.0.0 Mobile"
    ),
    "Opera Mini": (
        "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) "
        "Presto/2.5.25 Version/10.54"
    ),
    "Samsung Internet": (
        "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A536E) AppleWebKit/537.36 (KHTML, "
        "like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"
    ),
    "MIUI Browser": (
        "Mozilla/5.0 (Linux; U; Android 12; vi-vn; Redmi Note 10 Build/SKQ1.210908.001) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.136 "
        "Mobile Safari/537.36 XiaoMi/MiuiBrowser/13.33.0-gn"
    ),
    "Edge": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"
    ),
    "IE 11": "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "TikTok": (
        "Mozilla/5.0 (Linux; Android 11; RMX2001 Build/RP1A.200720.011; wv) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.114 "
        "Mobile Safari/537.36 trill_310103 JsSdk/1.0 NetType/WIFI Channel/googleplay "
        "AppName/trill app_version/31.1.3 ByteLocale/vi ByteFullLocale/vi Region/VN"
    ),
}


@pytest.mark.parametrize("agent", list(BOTS.values()), ids=list(BOTS))
def test_bots_monitors_scanners_and_tools_are_not_counted(client, agent):
    response = client.get(PAGE, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert stored_totals() == (0, 0)
    assert "pv" not in response.cookies


@pytest.mark.parametrize("agent", list(BROWSERS.values()), ids=list(BROWSERS))
def test_real_browsers_are_counted(client, agent):
    response = client.get(PAGE, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert stored_totals() == (1, 1)


def test_a_hostile_user_agent_is_decided_quickly():
    visitors.is_bot.cache_clear()
    agents = [f"{n:x}" * 200 for n in range(50)]  # 512 characters after the cut
    started = time.process_time()
    for agent in agents:
        visitors.is_bot(agent)
    per_agent = (time.process_time() - started) / len(agents)
    # Python's backtracking re took ~7 ms here; RE2 is linear (~0.2 ms).
    assert per_agent < 0.002


def test_the_decision_is_kept_per_user_agent():
    visitors.is_bot.cache_clear()
    agent = BROWSERS["Coc Coc"]
    visitors.is_bot(agent)
    visitors.is_bot(agent)
    info = visitors.is_bot.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_a_304_is_not_counted(reader):
    make_article()
    first = reader.get("/tin-tuc/")
    assert first.status_code == 200
    again = reader.get("/tin-tuc/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert stored_totals() == (1, 1)


@pytest.mark.usefixtures("one_rate_window")
def test_rotating_user_agents_without_cookies_from_one_address(settings):
    """The finding: 400 cookieless requests from one address with a new
    User-Agent each added 300 visits. Past the hourly cap every such request is
    the address's one visitor of the day, whatever it calls itself."""
    settings.ANALYTICS_NEW_VISITORS_PER_HOUR = 20
    settings.ANALYTICS_RATE_LIMIT = 10**6
    settings.PAGE_CACHE_ENABLED = True  # as in production; cached pages count too
    article = make_article()
    for n in range(100):
        agent = f"{BROWSERS['Chrome']} Build/{n}"
        response = Client().get(
            article.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 200
    views, visits = stored_totals()
    assert views == 100
    assert visits == 20 + 1


def test_the_finding_with_the_default_limits(settings, monkeypatch):
    """Default limits (300 new visitors an hour, 300 views a minute per address):
    the same flood makes at most 301 visitors and 300 views, not 400."""
    # Within one minute, as the 0.6 s of the finding.
    start = time.time() // 3600 * 3600 + 5
    monkeypatch.setattr(time, "time", lambda: start)
    settings.PAGE_CACHE_ENABLED = True  # as in production; cached pages count too
    article = make_article()
    for n in range(400):
        Client().get(
            article.get_absolute_url(),
            HTTP_USER_AGENT=f"{BROWSERS['Firefox']} r{n}",
            REMOTE_ADDR="203.0.113.9",
        )
    views, visits = stored_totals()
    assert views == 300
    assert visits <= 301
    assert Article.objects.get(pk=article.pk).view_count == 300
