"""Six short original articles for the demo shelf, written for this project."""

AUTHOR = "Willow Lane Counselling"
LICENCE = "Own work"

DEMO_ARTICLES = [
    {
        "slug": "speaking-kindly-to-yourself",
        "title": "Speaking kindly to yourself",
        "is_featured": True,
        "summary": "Why the voice in your head matters, and three small ways to soften it.",
        "topics": ["Self-compassion"],
        "prompts": [
            "What did your inner voice say the last time something went wrong?",
            "What would you say to a friend in the same place?",
        ],
        "body_md": """Most of us talk to ourselves all day. When things go well, the voice is quiet.
When we slip, it can get sharp: *you always do this*, *what is wrong with you*.

That voice often started as a way to keep us safe. It tried to push us to do better, or to
get criticism in before anyone else could. It is not the enemy. But it is tired, and so are you.

## Notice the tone, not just the words

Next time you make a mistake, pause and listen. Is the voice kind or harsh? Is it loud or
quiet? You do not need to argue with it. Just name it: *there is the critic again*.

## Borrow the voice you use for a friend

Think of someone you care about. If they had made the same mistake, what would you say?
Try saying that to yourself, out loud or on paper. It may feel strange at first. That is normal.

## Small steps that help

- Put a hand on your chest and take three slow breaths.
- Say one true, kind sentence: *this is hard, and I am doing my best*.
- Write down one thing you did today that took effort.

Being kind to yourself is not letting yourself off the hook. It is the ground you stand on
while you make things better.""",
    },
    {
        "slug": "when-worry-will-not-switch-off",
        "title": "When worry will not switch off",
        "is_featured": True,
        "summary": "A plain guide to anxious thinking and a short routine for worry time.",
        "topics": ["Anxiety"],
        "prompts": [
            "Which worries came back most often this week?",
            "Which of them could you act on, and which are out of your hands?",
        ],
        "body_md": """Worry is the mind trying to solve a problem before it happens. Sometimes that
helps us plan. Often it goes round in circles and leaves us tired and tense.

## What anxiety does in the body

When the brain senses danger, the body gets ready to act. The heart beats faster, breathing
gets quicker, muscles tighten. This is useful when there is a real threat. When the threat is
a thought, the body still reacts, and the feelings can be frightening in themselves.

## Try a daily worry time

1. Choose fifteen minutes at the same time each day, not just before bed.
2. During the day, when a worry comes, write it down in a few words and let it wait.
3. At worry time, read the list. For each worry, ask: *can I do something about this?*
4. If yes, write one small next step. If no, practise letting it go for today.

## Slow the breath

Breathe in through your nose for a count of four. Breathe out gently for a count of six.
Repeat five times. A longer out-breath tells the body it is safe to settle.

If worry stops you from sleeping, working or seeing people, talk to your therapist or doctor.
Anxiety is common, and it responds well to help.""",
    },
    {
        "slug": "healing-is-not-a-straight-line",
        "title": "Healing is not a straight line",
        "summary": "Setbacks are part of getting better. How to read a hard week kindly.",
        "topics": ["Healing"],
        "prompts": [
            "Looking back over a few months, what has changed, even a little?",
            "What helped you get through your last hard week?",
        ],
        "body_md": """People often picture recovery as a slope: each week a little better than the
last. Real healing looks more like a walk in the hills. There are climbs, dips and flat parts,
and sometimes you seem to be back where you started.

## A setback is not a failure

A hard week does not wipe out what you have learned. Often it comes when life asks more of
you, or when you are close to something important. Notice it, be gentle with it, and look at
the longer view.

## Look at months, not days

It is hard to see change from one day to the next. Try comparing now with three or six months
ago. Are there things you can do now that felt impossible then? Are the hard moments a little
shorter, or do you recover from them a little faster?

## Keep a small record

A few words at the end of each day can help: one thing that was hard, one thing that helped.
Over time, these notes show a pattern that memory alone can miss.

Be patient with the pace. Growth that takes time tends to last.""",
    },
    {
        "slug": "how-we-attach",
        "title": "How we attach",
        "summary": "How early bonds shape the way we love and lean on others.",
        "topics": ["Attachment", "Relationships"],
        "prompts": [
            "When you feel upset, do you tend to reach out or pull away?",
            "Who in your life feels safe to lean on?",
        ],
        "body_md": """From our first days, we learn what to expect from the people close to us. If
care came reliably, we learn that others can be trusted and that our needs are acceptable. If
care was patchy, absent or frightening, we learn other ways to stay safe.

## Common patterns

- **Secure**: comfortable with closeness and with time apart.
- **Anxious**: wanting closeness and fearing it will be taken away.
- **Avoidant**: relying on yourself and feeling uneasy when others get close.
- **Disorganised**: wanting closeness and fearing it at the same time.

These are not boxes or diagnoses. Most people recognise a bit of several, and patterns can
change with different relationships.

## Patterns can change

The brain keeps learning about relationships all through life. A steady friendship, a
caring partner or a good therapy relationship can all teach something new: that it is safe to
ask for help, and that people can stay.

## A gentle place to start

Notice what you do when you feel hurt. Do you reach out, go quiet, or both? There is no right
answer. Noticing is the first step to choosing.""",
    },
    {
        "slug": "grief-has-no-timetable",
        "title": "Grief has no timetable",
        "summary": "What grief can feel like, why it comes in waves, and how to carry it.",
        "topics": ["Grief"],
        "prompts": [
            "What do you most want people to understand about your loss?",
            "What small thing helps on the hardest days?",
        ],
        "body_md": """Grief is the price of love. It can follow a death, but also the end of a
relationship, a move, a lost job or a future you had hoped for.

## Waves, not stages

You may have heard of stages of grief. Many people find grief comes in waves instead. A song,
a smell or a date can bring it back strongly, even years later. This does not mean you are
going backwards. It means the loss mattered.

## What can help

- Let yourself feel what comes, without judging it.
- Keep simple routines: meals, a short walk, going to bed at a set time.
- Tell someone you trust when a hard day is coming, such as an anniversary.
- Find a way to remember: a letter, a photo, a place you visit.

## When to ask for more help

If grief makes it hard to get through the day for a long time, or if you have thoughts of not
wanting to be alive, please talk to someone. You do not have to carry this alone.""",
    },
    {
        "slug": "a-steady-evening-routine",
        "title": "A steady evening routine",
        "summary": "Simple habits for the hour before bed that help the mind and body wind down.",
        "topics": ["Sleep", "Anxiety"],
        "prompts": [
            "What does your last hour before bed usually look like?",
            "Which one change would be easiest to try this week?",
        ],
        "body_md": """A calm evening makes sleep more likely. The aim is not a perfect routine, but
a few steady signals that tell the body the day is ending.

## Dim the day

About an hour before bed, turn down bright lights and screens. Swap the news for something
gentle: music, a book, a warm shower.

## Park your thoughts

If your mind is busy, write a short list of what is on it and one next step for tomorrow.
Then close the notebook. The thoughts will still be there in the morning, when you are better
able to deal with them.

## Keep the same times

Going to bed and getting up at about the same time, even at weekends, helps the body clock.
If you cannot sleep after about twenty minutes, get up, do something quiet in low light, and
go back when you feel sleepy.

## Go easy on yourself

Some nights will be poor whatever you do. One bad night is not a pattern. Keep the routine
going, and talk to your doctor if sleep problems last for weeks.""",
    },
]

for _article in DEMO_ARTICLES:
    _article.setdefault("author", AUTHOR)
    _article.setdefault("licence", LICENCE)
    _article.setdefault("source_name", AUTHOR)
    _article.setdefault("audience", "Adults")
