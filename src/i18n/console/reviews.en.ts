import type { ReviewsMessages } from './reviews.vi';

export const reviewsEn: ReviewsMessages = {
  title: 'Review',
};
