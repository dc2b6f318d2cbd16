"""The tokeniser: Chinese cut into the trade's words, English stemmed, noise dropped."""

import tomllib
from pathlib import Path

from gexin.exchange import search
from gexin.exchange.search import SINGLE_CHARACTER_WEIGHT, analyse, tokenise


def test_a_seed_phrase_is_cut_into_the_trades_words():
    terms = tokenise("大连钢厂换轧辊时间长")
    assert "换轧辊" in terms
    assert "轧辊" in terms
    assert "大连" in terms
    assert "时间" in terms


def test_the_words_of_the_user_dictionary_stay_whole():
    assert "换辊" in tokenise("本溪钢厂换辊时间很短")
    assert {"开坯机", "翻钢", "升降台"} <= set(tokenise("开坯机翻钢用的升降台"))
    assert {"钢锭", "帽口", "收合率"} <= set(tokenise("加热钢锭帽口提高收合率"))
    assert {"低硫煤", "炼焦"} <= set(tokenise("低硫煤炼焦"))
    assert "成材率" in tokenise("成材率低")
    assert "汽锤" in tokenise("汽锤")


def test_chinese_stopwords_are_dropped():
    terms = tokenise("我们的平炉和转炉是在车间里")
    assert "的" not in terms
    assert "和" not in terms
    assert "是" not in terms
    assert "在" not in terms
    assert {"平炉", "转炉"} <= set(terms)


def test_a_character_left_alone_counts_for_little():
    weights = dict(analyse("换辊时间长"))
    assert weights["长"] == SINGLE_CHARACTER_WEIGHT < 1
    assert weights["换辊"] == 1.0


def test_english_words_meet_whatever_their_form():
    assert tokenise("roll changes") == tokenise("roll change")
    assert set(tokenise("changing rolls")) == set(tokenise("roll change"))
    assert tokenise("Lifting TABLES") == tokenise("lifting table")


def test_english_stopwords_and_single_letters_are_dropped():
    assert tokenise("the roll of a mill") == ["roll", "mill"]


def test_digits_are_kept():
    assert tokenise("cut by 50%, from 3.5 hours") == ["cut", "50", "3.5", "hour"]
    assert "1958" in tokenise("1958年")


def test_full_width_forms_and_pinyin_tones_are_folded():
    assert tokenise("ＲＯＬＬ　１２") == ["roll", "12"]
    assert tokenise("Lián Gāng") == tokenise("lian gang")


def test_mixed_text_keeps_both_languages():
    terms = tokenise("换辊 roll change 本溪")
    assert {"换辊", "roll", "chang", "本溪"} <= set(terms)


def test_punctuation_and_empty_text_give_nothing():
    assert tokenise("，。！？、——……") == []
    assert tokenise("") == []
    assert tokenise(None) == []


def test_jieba_is_loaded_once():
    assert search.segmenter() is search.segmenter()


def test_the_user_dictionary_ships_with_the_package():
    root = Path(search.__file__).resolve().parents[2]
    settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = settings["tool"]["setuptools"]["package-data"]
    assert "user_words.txt" in package_data["gexin.exchange"]
    words = search.user_words()
    assert {"换辊", "换轧辊", "轧辊", "升降台", "开坯机", "收合率"} <= set(words)
    assert not any(word.startswith("#") for word in words)
