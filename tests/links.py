"""Private links in tests: the database keeps only a token's hash, so a test finds an assessment by its link."""

import re

from assessments.models import Assessment


def assessment_at(url: str) -> Assessment:
    """The assessment whose private link starts `url` (/a/<token>/...), with its token set as a view would."""
    token = re.search(r"/a/([A-Za-z0-9_-]+)/", url).group(1)
    assessment = Assessment.objects.by_token(token).get()
    assessment.token = token
    return assessment
