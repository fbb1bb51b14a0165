"""Online answers for a SWOT-ANP factor network (issue 15 item 6): the expert's page asks the network's sets."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient


def test_the_online_page_asks_the_network_and_cluster_comparisons(planner, app):
    study_id = planner.create_library_study("tehran-city-diplomacy-anp", "شبکهٔ عوامل")
    for name, lang in (("کارشناس یکم", "fa"), ("Second Expert", "en")):
        r = planner.post(f"/studies/{study_id}/experts", {"name": name, "weight": "1", "lang": lang},
                         follow_redirects=False)
        assert r.status_code == 303, r.text
    page = planner.client.get(f"/studies/{study_id}").text
    links = re.findall(r'class="link-url" readonly value="http://testserver(/a/[^"]+)"', page)
    fa, en = (TestClient(app, base_url="http://testserver").get(path).text for path in links)
    items = set(re.findall(r'<input type="radio" name="([^"]+)"', fa))
    assert "p|network:S1:O|O5|O8" in items and "p|clusters:O|T|strategies" in items
    text = html.unescape(re.sub(r"<[^>]+>", " ", fa))
    assert "با توجه به «" in text and "کدام عامل اثر بیشتری بر آن دارد و چه اندازه؟" in text
    assert "کدام خوشه اثر بیشتری بر آن‌ها دارد" in text and "راهبردها" in text
    english = html.unescape(re.sub(r"<[^>]+>", " ", en))
    assert "which factor influences it more, and how much?" in english
    assert "which cluster influences them more" in english
