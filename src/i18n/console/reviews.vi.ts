export const reviewsVi = {
  title: 'Đối soát',
};
export type ReviewsMessages = typeof reviewsVi;
