from warledger.extract.attribution import (
    claimant_type,
    find_attributions,
    find_hedges,
    is_anaphoric,
)


def _attr(sentence):
    return [(a.claimant, a.claimant_type) for a in find_attributions(sentence, 0, len(sentence))]


def test_according_to_report_by():
    s = ("Russia retook the roads, according to a report issued by British military "
         "intelligence on Thursday.")
    assert _attr(s) == [("British military intelligence", "intelligence")]


def test_subject_verb_claimants():
    assert _attr("The Ukrainian General Staff reported this morning that attacks continue.") == [
        ("Ukrainian General Staff", "military")]
    assert _attr("A blaze broke out in Zaporizhia, where officials reported one person was killed.") == [
        ("officials", "official")]
    got = _attr("Andrii Nebytov, a local police chief, reported that eight people died.")
    assert got == [("Andrii Nebytov, local police chief", "official")]


def test_spans_are_exact():
    s = "The Ukrainian military stated it shot down 16 out of 21 drones."
    (a,) = find_attributions(s, 0, len(s))
    assert s[a.start:a.end] == a.text == "Ukrainian military"


def test_anaphora_and_hedges():
    assert is_anaphoric('It added, "Ukrainian defenders are repelling attacks."')
    assert is_anaphoric("The statement also mentioned that areas were shelled.")
    assert not is_anaphoric("Ukrainian defenders are repelling attacks.")
    s = "Russian commanders are likely trying to expand the zone, reportedly."
    assert [h.hedge for h in find_hedges(s, 0, len(s))] == ["likely", "reported"]


def test_claimant_types():
    assert claimant_type("International organizations") == "international"
    assert claimant_type("TASS") == "media"
    assert claimant_type("Ministry of Foreign Affairs") == "government"
